import { describe, expect, it } from 'vitest';
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
