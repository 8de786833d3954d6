import { afterEach, describe, expect, it } from 'vitest';
import { adminUsersSchema, deviceSessionsSchema } from '@tiaojie/domain';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext } from '../test-support/test-context.js';

describe.each(testDatabases())('admin on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('creates a grid and its grid worker, who can then sign in and sees only that grid', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const admin = await ctx.login('admin');
    const node = await ctx.request('POST', '/api/admin/nodes', { token: admin, body: { id: 'g11', parentId: 'c3', kind: 'grid', name: '南岭村第11网格' } });
    expect(node.status).toBe(201);
    const user = await ctx.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'grid11', displayName: '网格员11', password: 'a-long-password', role: 'grid_worker', nodeId: 'g11' },
    });
    expect(user.status).toBe(201);
    expect(await user.json()).toMatchObject({ username: 'grid11', mustChangePassword: true });
    // The password the administrator typed only opens the change of it.
    const first = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid11', password: 'a-long-password' } });
    expect(first.status).toBe(403);
    const { passwordChangeToken } = (await first.json()) as { passwordChangeToken: string };
    const changed = await ctx.request('POST', '/api/auth/password', { token: passwordChangeToken, body: { oldPassword: 'a-long-password', newPassword: 'grid-eleven-own-secret' } });
    expect(changed.status).toBe(200);
    const login = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid11', password: 'grid-eleven-own-secret' } });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const nodes = (await (await ctx.request('GET', '/api/org/nodes', { token })).json()) as { nodes: { path: string }[] };
    expect(nodes.nodes.map((n) => n.path)).toEqual(['/d1/s1/c3/g11/']);
  });

  it('refuses non-admins, wrong node kinds and duplicate usernames with clear codes', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const street = await ctx.login('street');
    const denied = await ctx.request('GET', '/api/admin/users', { token: street });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const admin = await ctx.login('admin');
    const wrongKind = await ctx.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'x-user', displayName: 'x', password: 'a-long-password', role: 'grid_worker', nodeId: 'c1' },
    });
    expect(wrongKind.status).toBe(400);
    expect(await wrongKind.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path: 'nodeId', code: 'ROLE_NODE_KIND' }] } });
    const dup = await ctx.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'grid01', displayName: 'x', password: 'a-long-password', role: 'grid_worker', nodeId: 'g01' },
    });
    expect(await dup.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path: 'username', code: 'TAKEN' }] } });
    const both = await ctx.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'grid01', displayName: 'x', password: 'a-long-password', role: 'community_staff', nodeId: 'g01' },
    });
    expect(await both.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path: 'nodeId', code: 'ROLE_NODE_KIND' }, { path: 'username', code: 'TAKEN' }] } });
    const badName = await ctx.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: '王 五', displayName: 'x', password: 'a-long-password', role: 'grid_worker', nodeId: 'g01' },
    });
    expect(await badName.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ path: 'username', code: 'USERNAME_FORMAT' }] } });
  });

  it('disabling an account ends its sign-ins at once', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const admin = await ctx.login('admin');
    const gridToken = await ctx.login('grid02');
    const users = (await (await ctx.request('GET', '/api/admin/users', { token: admin })).json()) as { users: { id: string; username: string }[] };
    const grid02 = users.users.find((u) => u.username === 'grid02')!;
    const res = await ctx.request('PATCH', `/api/admin/users/${grid02.id}`, { token: admin, body: { disabled: true } });
    expect(res.status).toBe(204);
    expect((await ctx.request('GET', '/api/me', { token: gridToken })).status).toBe(401);
    const relogin = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid02', password: 'tiaojie-demo' } });
    expect(relogin.status).toBe(401);
  });

  it('an update with nothing to change is a 400, not an SQL error', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const admin = await ctx.login('admin');
    const users = (await (await ctx.request('GET', '/api/admin/users', { token: admin })).json()) as { users: { id: string; username: string }[] };
    const grid02 = users.users.find((u) => u.username === 'grid02')!;
    for (const body of [{}, { unknown: 1 }]) {
      const res = await ctx.request('PATCH', `/api/admin/users/${grid02.id}`, { token: admin, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', issues: [{ code: 'REQUIRED' }] } });
    }
    expect((await ctx.request('PATCH', `/api/admin/users/${grid02.id}`, { token: admin, body: { displayName: '网格员二' } })).status).toBe(204);
  });

  it('lists each account with its state (disabled, must change its password), parsed by the shared schema', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const admin = await ctx.login('admin');
    const list = async () => adminUsersSchema.parse(await (await ctx.request('GET', '/api/admin/users', { token: admin })).json()).users;
    const grid02 = (await list()).find((u) => u.username === 'grid02')!;
    expect(grid02).toMatchObject({ disabled: false, mustChangePassword: false, role: 'grid_worker' });
    expect((await ctx.request('PATCH', `/api/admin/users/${grid02.id}`, { token: admin, body: { mustChangePassword: true } })).status).toBe(204);
    expect((await list()).find((u) => u.id === grid02.id)).toMatchObject({ disabled: false, mustChangePassword: true });
    expect((await ctx.request('PATCH', `/api/admin/users/${grid02.id}`, { token: admin, body: { disabled: true } })).status).toBe(204);
    expect((await list()).find((u) => u.id === grid02.id)).toMatchObject({ disabled: true, mustChangePassword: true });
  });

  it("lists an account's devices by the shared schema and revokes one of them", async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const admin = await ctx.login('admin');
    await ctx.login('grid02');
    const grid02 = adminUsersSchema.parse(await (await ctx.request('GET', '/api/admin/users', { token: admin })).json()).users.find((u) => u.username === 'grid02')!;
    const sessions = async () => deviceSessionsSchema.parse(await (await ctx.request('GET', `/api/admin/users/${grid02.id}/sessions`, { token: admin })).json()).sessions;
    const before = await sessions();
    expect(before).toHaveLength(1);
    expect((await ctx.request('DELETE', `/api/admin/users/${grid02.id}/sessions/${before[0]!.id}`, { token: admin })).status).toBe(204);
    expect(await sessions()).toEqual([]);
    const audit = (await (await ctx.request('GET', '/api/audit?action=auth.sessionRevoked', { token: admin })).json()) as { events: { details: Record<string, unknown> }[] };
    expect(audit.events[0]!.details).toMatchObject({ username: 'grid02', device: before[0]!.deviceName, byAdmin: true });
  });

  it('refuses to let an administrator disable their own account', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const admin = await ctx.login('admin');
    const me = adminUsersSchema.parse(await (await ctx.request('GET', '/api/admin/users', { token: admin })).json()).users.find((u) => u.username === 'admin')!;
    const res = await ctx.request('PATCH', `/api/admin/users/${me.id}`, { token: admin, body: { disabled: true } });
    expect(res.status).toBe(403);
    expect((await ctx.request('GET', '/api/me', { token: admin })).status).toBe(200);
  });

  it('a reset password must be changed at the next sign-in, ends every sign-in of the account and is audited without the password', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const admin = await ctx.login('admin');
    const phone = await ctx.login('grid02');
    const users = adminUsersSchema.parse(await (await ctx.request('GET', '/api/admin/users', { token: admin })).json()).users;
    const grid02 = users.find((u) => u.username === 'grid02')!;
    const weak = await ctx.request('PATCH', `/api/admin/users/${grid02.id}`, { token: admin, body: { password: 'grid02-password' } });
    expect(await weak.json()).toMatchObject({ error: { code: 'WEAK_PASSWORD', issues: [{ path: 'password', code: 'PASSWORD_IS_USERNAME' }] } });
    expect((await ctx.request('GET', '/api/me', { token: phone })).status).toBe(200);
    // Even a body saying otherwise: the administrator knows the new password, so it cannot stay.
    const reset = await ctx.request('PATCH', `/api/admin/users/${grid02.id}`, { token: admin, body: { password: 'copper-lantern-42', mustChangePassword: false } });
    expect(reset.status).toBe(204);
    expect((await ctx.request('GET', '/api/me', { token: phone })).status).toBe(401);
    const after = adminUsersSchema.parse(await (await ctx.request('GET', '/api/admin/users', { token: admin })).json()).users;
    expect(after.find((u) => u.id === grid02.id)).toMatchObject({ mustChangePassword: true, disabled: false });
    expect((await ctx.request('POST', '/api/auth/login', { body: { username: 'grid02', password: 'tiaojie-demo' } })).status).toBe(401);
    const login = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid02', password: 'copper-lantern-42' } });
    expect(login.status).toBe(403);
    expect(await login.json()).toMatchObject({ error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    const audit = await (await ctx.request('GET', '/api/audit?action=admin.userChanged', { token: admin })).text();
    expect(JSON.parse(audit)).toMatchObject({ events: [{ target: grid02.id, details: { username: 'grid02', fields: ['passwordReset', 'mustChangePassword'], changeRequired: true } }] });
    expect(audit).not.toContain('copper-lantern-42');
  });

  it('refuses to reset the administrator’s own password past the current one', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const admin = await ctx.login('admin');
    const me = adminUsersSchema.parse(await (await ctx.request('GET', '/api/admin/users', { token: admin })).json()).users.find((u) => u.username === 'admin')!;
    const res = await ctx.request('PATCH', `/api/admin/users/${me.id}`, { token: admin, body: { password: 'copper-lantern-42' } });
    expect(res.status).toBe(403);
    expect((await ctx.request('GET', '/api/me', { token: admin })).status).toBe(200);
  });
});
