import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetSessionCacheForTests, writeSession } from '../api/session.ts';
import AccountsScreen from './accounts-screen.tsx';

const admin = { id: 'u-admin', username: 'admin', displayName: '管理员', role: 'admin' as const, nodeId: 'd1', nodePath: '/d1/' };
const account = (over: Record<string, unknown> = {}) => ({
  id: 'u-g2',
  username: 'grid02',
  displayName: '网格员二',
  role: 'grid_worker',
  nodeId: 'g02',
  nodePath: '/d1/s1/c1/g02/',
  nodeName: '第二网格',
  disabled: false,
  mustChangePassword: false,
  ...over,
});
const session = { id: 't1', deviceId: 'phone-1', deviceName: '华为手机', createdAt: '2026-03-01T00:00:00.000Z', lastUsedAt: '2026-03-02T00:00:00.000Z', expiresAt: '2026-06-01T00:00:00.000Z' };

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
  resetSessionCacheForTests();
});

describe('AccountsScreen', () => {
  it('lists accounts with their state, revokes a device after the app’s own confirmation, never window.confirm', async () => {
    writeSession({ token: 'tok', user: admin, signedInAt: new Date().toISOString() });
    const calls: string[] = [];
    let sessions = [session];
    vi.stubGlobal('confirm', () => {
      throw new Error('window.confirm must not be used');
    });
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${url}`);
      if (url === '/api/admin/users') return Response.json({ users: [account(), account({ id: 'u-g3', username: 'grid03', displayName: '网格员三', disabled: true, mustChangePassword: true })] });
      if (url.endsWith('/sessions')) return Response.json({ sessions });
      if (init?.method === 'DELETE') {
        sessions = [];
        return new Response(null, { status: 204 });
      }
      return new Response(null, { status: 404 });
    });
    render(<AccountsScreen />);
    const row3 = (await screen.findByText('网格员三')).closest('tr')!;
    expect(within(row3).getByText('已停用')).toBeTruthy();
    expect(within(row3).getByText('须改密码')).toBeTruthy();
    const row2 = screen.getByText('网格员二').closest('tr')!;
    expect(within(row2).getByText('正常')).toBeTruthy();
    expect(within(row2).getByText('第二网格')).toBeTruthy();
    fireEvent.click(within(row2).getByRole('button', { name: '设备' }));
    const devices = await screen.findByRole('dialog', { name: '网格员二的登录设备' });
    await within(devices).findByText('华为手机');
    fireEvent.click(within(devices).getByRole('button', { name: '撤销' }));
    const confirm = await screen.findByRole('dialog', { name: '撤销设备登录' });
    expect(confirm.textContent).toContain('华为手机');
    fireEvent.click(within(confirm).getByRole('button', { name: '撤销' }));
    await waitFor(() => expect(calls).toContain('DELETE /api/admin/users/u-g2/sessions/t1'));
    const after = await screen.findByRole('dialog', { name: '网格员二的登录设备' });
    await within(after).findByText('没有已登录的设备');
  });

  it('requires a password change and disables an account after confirming, then enables it again', async () => {
    writeSession({ token: 'tok', user: admin, signedInAt: new Date().toISOString() });
    let state = account();
    const bodies: unknown[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (init?.method === 'PATCH') {
        const body = JSON.parse(String(init.body)) as Record<string, boolean>;
        bodies.push(body);
        state = { ...state, ...body };
        return new Response(null, { status: 204 });
      }
      return Response.json({ users: [state] });
    });
    render(<AccountsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: '要求改密码' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: '要求修改密码' })).getByRole('button', { name: '要求改密码' }));
    await screen.findByText('须改密码');
    fireEvent.click(screen.getByRole('button', { name: '停用' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: '停用账号' })).getByRole('button', { name: '停用' }));
    fireEvent.click(await screen.findByRole('button', { name: '启用' }));
    await screen.findByText('正常');
    expect(bodies).toEqual([{ mustChangePassword: true }, { disabled: true }, { disabled: false }]);
  });
});
