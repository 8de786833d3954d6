import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { readSession, resetSessionCacheForTests, writeSession } from '../api/session.ts';
import { LoginScreen } from './login-screen.tsx';
import { forgetRecoveryKey, signInRecoveryKey } from './recovery-key.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
  resetSessionCacheForTests();
  forgetRecoveryKey();
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

  it('after a forced-change answer, asks for a new password and signs in with the session it gets', async () => {
    const user = { id: 'u2', username: 'grid02', displayName: '网格员02', role: 'grid_worker', nodeId: 'g02', nodePath: '/d1/s1/c1/g02/' };
    const calls: { url: string; auth: string | null; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, auth: new Headers(init.headers).get('Authorization'), body: init.body ? JSON.parse(String(init.body)) : null });
      if (url === '/api/auth/login') {
        return Response.json({ error: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'x' }, passwordChangeToken: 'change-1', expiresAt: '2099-01-01T00:00:00Z', deviceId: 'd' }, { status: 403 });
      }
      if (url === '/api/auth/password') return Response.json({ token: 'session-2', expiresAt: '2099-01-01T00:00:00Z', recoveryKey: 'recovery-of-grid02-phone' });
      return Response.json(user);
    });
    render(<LoginScreen />);
    fill('grid02', 'tiaojie-demo');
    await screen.findByText('请先设置新密码');
    fireEvent.change(screen.getByLabelText(/^新密码/), { target: { value: 'violet-harbour-1987!' } });
    fireEvent.change(screen.getByLabelText(/再次输入新密码/), { target: { value: 'violet-harbour-1987!' } });
    fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
    await waitFor(() => expect(readSession()?.token).toBe('session-2'));
    expect(calls[1]).toMatchObject({ url: '/api/auth/password', auth: 'Bearer change-1', body: { oldPassword: 'tiaojie-demo', newPassword: 'violet-harbour-1987!' } });
    expect(calls[2]).toMatchObject({ url: '/api/me', auth: 'Bearer session-2' });
    // The forced change's answer carries the device's recovery key: the PIN screen can set a PIN without a second sign-in.
    expect(signInRecoveryKey()).toBe('recovery-of-grid02-phone');
  });

  it('refuses a new password shorter than 10 or containing the username before asking the server', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json({ error: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'x' }, passwordChangeToken: 'change-1', expiresAt: '2099-01-01T00:00:00Z', deviceId: 'd' }, { status: 403 }),
    );
    render(<LoginScreen />);
    fill('grid02', 'tiaojie-demo');
    await screen.findByText('请先设置新密码');
    fireEvent.change(screen.getByLabelText(/^新密码/), { target: { value: 'grid02-abcdef' } });
    fireEvent.change(screen.getByLabelText(/再次输入新密码/), { target: { value: 'grid02-abcdef' } });
    fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
    expect((await screen.findByRole('alert')).textContent).toContain('不能包含用户名');
    expect(readSession()).toBeNull();
  });

  it('says why the last session ended: a revoked device was erased', () => {
    localStorage.setItem('tiaojie.signedOutReason', 'DEVICE_REVOKED');
    render(<LoginScreen />);
    expect(screen.getByRole('alert').textContent).toContain('已全部清除');
  });
});
