import { describe, expect, it, vi } from 'vitest';
import { parseRoute, routePath, type Route } from './router.ts';

describe('routes', () => {
  it('round-trips every screen through its path', () => {
    const routes: Route[] = [{ name: 'home' }, { name: 'cases' }, { name: 'new-case' }, { name: 'case', id: 'a1B2-c_3' }, { name: 'log' }, { name: 'settings' }, { name: 'staff' }];
    for (const r of routes) expect(parseRoute(routePath(r))).toEqual(r);
  });
  it('treats unknown paths as not found and keeps /cases/new apart from a case id', () => {
    expect(parseRoute('/nope')).toEqual({ name: 'not-found' });
    expect(parseRoute('/cases/new/')).toEqual({ name: 'new-case' });
    expect(parseRoute('/staff/annual')).toEqual({ name: 'staff' });
  });
});

describe('leaving a screen', () => {
  it('asks the guard before navigating and on Back, and stays on the screen when it says no', async () => {
    const { navigate, setLeaveGuard } = await import('./router.ts');
    navigate('/cases/abc');
    let allow = false;
    const guard = vi.fn(() => allow);
    setLeaveGuard(guard);
    try {
      navigate('/log');
      expect(window.location.pathname).toBe('/cases/abc');
      window.history.back();
      await vi.waitFor(() => expect(guard).toHaveBeenCalledTimes(2));
      await vi.waitFor(() => expect(window.location.pathname).toBe('/cases/abc'));
      allow = true;
      navigate('/log');
      expect(window.location.pathname).toBe('/log');
    } finally {
      setLeaveGuard(null);
    }
  });
});
