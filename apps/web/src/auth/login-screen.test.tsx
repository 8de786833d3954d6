import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { readSession, resetSessionCacheForTests, writeSession } from '../api/session.ts';
import { LoginScreen } from './login-screen.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
  resetSessionCacheForTests();
});

function fill(username: string, password: string) {
  fireEvent.change(screen.getByLabelText(/用户名/), { target: { value: username } });
  fireEvent.change(screen.getByLabelText(/密码/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('LoginScreen', () => {
  it('labels every field and signs in, keeping the session', async () => {
    const user = { id: 'u1', username: 'grid01', displayName: '网格员01', role: 'grid_worker', nodeId: 'g01', nodePath: '/d1/s1/c1/g01/' };
    let sent: unknown;
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      sent = JSON.parse(String(init.body));
      return Response.json({ token: 't1', user });
    });
    render(<LoginScreen />);
    fill(' grid01 ', 'tiaojie-demo');
    await waitFor(() => expect(readSession()?.token).toBe('t1'));
    expect(sent).toMatchObject({ username: 'grid01', password: 'tiaojie-demo', deviceId: expect.any(String) });
  });

  it('shows the Chinese message for wrong credentials and for no network', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ error: { code: 'INVALID_CREDENTIALS', message: 'no' } }, { status: 401 }));
    render(<LoginScreen />);
    fill('grid01', 'wrong');
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', '用户名或密码不正确');
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    fill('grid01', 'wrong');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('首次登录需要网络连接'));
    expect(readSession()).toBeNull();
  });
});
