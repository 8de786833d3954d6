import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetSessionCacheForTests, writeSession } from '../api/session.ts';
import { SecurityCard } from './security-card.tsx';

const user = { id: 'u1', username: 'grid01', displayName: '网格员01', role: 'grid_worker' as const, nodeId: 'g01', nodePath: '/d1/s1/c1/g01/' };
const session = (id: string, deviceName: string, current: boolean) => ({
  id,
  deviceId: `${id}-device`,
  deviceName,
  createdAt: '2026-03-01T00:00:00.000Z',
  lastUsedAt: '2026-03-02T00:00:00.000Z',
  expiresAt: '2026-06-01T00:00:00.000Z',
  current,
});

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
  resetSessionCacheForTests();
});

describe('SecurityCard', () => {
  it('revokes another device after confirming in the app’s Dialog (never window.confirm); cancelling does nothing', async () => {
    writeSession({ token: 'tok', user, signedInAt: new Date().toISOString() });
    vi.stubGlobal('confirm', () => {
      throw new Error('window.confirm must not be used');
    });
    let sessions = [session('t1', '本机浏览器', true), session('t2', 'Redmi Note 12', false)];
    const deletes: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (init?.method === 'DELETE') {
        deletes.push(url);
        sessions = sessions.filter((s) => !url.endsWith(s.id));
        return new Response(null, { status: 204 });
      }
      return Response.json({ sessions });
    });
    render(<SecurityCard user={user} />);
    const other = (await screen.findByText('Redmi Note 12')).closest('li')!;
    fireEvent.click(within(other).getByRole('button', { name: '撤销' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(deletes).toEqual([]);
    fireEvent.click(within(other).getByRole('button', { name: '撤销' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('清除');
    fireEvent.click(within(dialog).getByRole('button', { name: '撤销' }));
    await waitFor(() => expect(deletes).toEqual(['/api/auth/sessions/t2']));
    await waitFor(() => expect(screen.queryByText('Redmi Note 12')).toBeNull());
  });
});
