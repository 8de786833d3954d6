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

  it('creates an account: no role chosen beforehand, units that fit the role, the server’s field errors under their fields, the new account listed at once', async () => {
    writeSession({ token: 'tok', user: admin, signedInAt: new Date().toISOString() });
    const posted: Record<string, unknown>[] = [];
    let users = [account()];
    const answers = [
      Response.json({ error: { code: 'VALIDATION_FAILED', message: 'taken', issues: [{ path: 'username', code: 'TAKEN', message: 'username already taken' }] } }, { status: 400 }),
      Response.json({ error: { code: 'WEAK_PASSWORD', message: 'weak', issues: [{ path: 'password', code: 'PASSWORD_COMMON', message: '常见' }] } }, { status: 400 }),
    ];
    const node = (id: string, kind: string, name: string, path: string) => ({ id, parentId: null, kind, name, path });
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (url === '/api/org/nodes') {
        return Response.json({
          nodes: [node('d1', 'district', '示范区', '/d1/'), node('s1', 'subdistrict', '清河街道', '/d1/s1/'), node('c1', 'community', '东湖社区', '/d1/s1/c1/'), node('g01', 'grid', '第一网格', '/d1/s1/c1/g01/'), node('g02', 'grid', '第二网格', '/d1/s1/c1/g02/')],
          ancestors: [],
        });
      }
      if (url === '/api/admin/users' && init?.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        posted.push(body);
        const early = answers.shift();
        if (early) return early;
        const created = account({ id: 'u-new', username: body.username, displayName: body.displayName, nodeId: body.nodeId, nodeName: '第一网格', mustChangePassword: true });
        users = [...users, created];
        return Response.json(created, { status: 201 });
      }
      if (url === '/api/admin/users') return Response.json({ users });
      return new Response(null, { status: 404 });
    });
    render(<AccountsScreen />);
    await screen.findByText('网格员二');
    fireEvent.click(screen.getByRole('button', { name: '新建账号' }));
    const dialog = await screen.findByRole('dialog', { name: '新建账号' });
    const field = (label: RegExp) => within(dialog).getByLabelText(label) as HTMLInputElement;
    const role = field(/^角色/) as unknown as HTMLSelectElement;
    const unit = field(/^所属单位/) as unknown as HTMLSelectElement;
    expect(role.value).toBe('');
    expect([...unit.options].map((o) => o.text)).toEqual(['请先选择角色']);
    fireEvent.change(role, { target: { value: 'community_staff' } });
    await waitFor(() => expect([...unit.options].map((o) => o.value)).toEqual(['', 'c1']));
    fireEvent.change(role, { target: { value: 'grid_worker' } });
    expect([...unit.options].map((o) => o.text)).toEqual(['请选择', '第一网格', '第二网格']);
    expect(dialog.textContent).toContain('至少10位');
    fireEvent.change(field(/^账号/), { target: { value: 'grid11' } });
    fireEvent.change(field(/^姓名/), { target: { value: '网格员十一' } });
    fireEvent.change(unit, { target: { value: 'g01' } });
    // The rules the phone can check stop the form before any request.
    fireEvent.change(field(/^初始密码/), { target: { value: 'short' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '新建账号' }));
    expect(await within(dialog).findByText('密码至少 10 位')).toBeTruthy();
    expect(posted).toEqual([]);
    fireEvent.change(field(/^初始密码/), { target: { value: 'password123' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '新建账号' }));
    const taken = await within(dialog).findByText('已被使用，请换一个');
    expect(taken.closest('.field')!.querySelector('input')!.name).toBe('username');
    fireEvent.click(within(dialog).getByRole('button', { name: '新建账号' }));
    const common = await within(dialog).findByText('这是常见密码，容易被猜中，请换一个');
    expect(common.closest('.field')!.querySelector('input')!.name).toBe('initial-password');
    expect(within(dialog).queryByText('已被使用，请换一个')).toBeNull();
    fireEvent.change(field(/^初始密码/), { target: { value: 'copper-lantern-42' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '新建账号' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(posted[2]).toEqual({ username: 'grid11', displayName: '网格员十一', role: 'grid_worker', nodeId: 'g01', password: 'copper-lantern-42' });
    const row = (await screen.findByText('网格员十一')).closest('tr')!;
    expect(within(row).getByText('须改密码')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('网格员十一').closest('tr')!.className).toBe('staff-accounts__new'));
    expect(screen.getByRole('status').textContent).toContain('已创建账号“grid11”');
  });

  it('resets a password: the policy checked first, the account then listed as having to change it; never offered for oneself', async () => {
    writeSession({ token: 'tok', user: admin, signedInAt: new Date().toISOString() });
    let state = account();
    const bodies: unknown[] = [];
    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) => {
      if (init?.method === 'PATCH') {
        bodies.push(JSON.parse(String(init.body)));
        state = { ...state, mustChangePassword: true };
        return new Response(null, { status: 204 });
      }
      return Response.json({ users: [account({ id: 'u-admin', username: 'admin', displayName: '管理员', role: 'admin' }), state] });
    });
    render(<AccountsScreen />);
    const mine = (await screen.findByText('管理员')).closest('tr')!;
    expect(within(mine).queryByRole('button', { name: '重设密码' })).toBeNull();
    const row = screen.getByText('网格员二').closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: '重设密码' }));
    const dialog = await screen.findByRole('dialog', { name: '重设网格员二的密码' });
    expect(dialog.textContent).toContain('下次登录时须改为自己的密码');
    const input = within(dialog).getByLabelText(/^新密码/);
    fireEvent.change(input, { target: { value: 'grid02-at-home' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '重设密码' }));
    expect(await within(dialog).findByText('密码不能包含用户名')).toBeTruthy();
    expect(bodies).toEqual([]);
    fireEvent.change(input, { target: { value: 'copper-lantern-42' } });
    expect(within(dialog).queryByText('密码不能包含用户名')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: '重设密码' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bodies).toEqual([{ password: 'copper-lantern-42' }]);
    expect(await within(screen.getByText('网格员二').closest('tr')!).findByText('须改密码')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('已重设“网格员二”的密码');
  });
});
