import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { DEMO_PASSWORD } from '../seed/index.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';

const NEW_PASSWORD = 'violet-harbour-1987!';

describe.each(testDatabases())('session controls on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  async function setup(): Promise<TestContext> {
    store = await create();
    return createTestContext(store);
  }
  const code = async (res: Response) => ((await res.json()) as { error: { code: string; issues?: { code: string }[] } }).error;
  const userId = async (username: string) => (await store!.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  it('changes my password with the old one, keeps this session and ends the others', async () => {
    const ctx = await setup();
    const laptop = await ctx.login('street', 'laptop-0001');
    const phone = await ctx.login('street', 'phone-00001');
    const wrong = await ctx.request('POST', '/api/auth/password', { token: laptop, body: { oldPassword: 'not-it-at-all', newPassword: NEW_PASSWORD } });
    expect(wrong.status).toBe(400);
    expect((await code(wrong)).code).toBe('WRONG_PASSWORD');
    const ok = await ctx.request('POST', '/api/auth/password', { token: laptop, body: { oldPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ token: null, expiresAt: null, recoveryKey: null });
    expect((await ctx.request('GET', '/api/me', { token: laptop })).status).toBe(200);
    // The other device signs in again; it is not told to erase anything.
    const other = await ctx.request('GET', '/api/me', { token: phone });
    expect(other.status).toBe(401);
    expect((await code(other)).code).toBe('UNAUTHENTICATED');
    expect((await ctx.request('POST', '/api/auth/login', { body: { username: 'street', password: DEMO_PASSWORD } })).status).toBe(401);
    expect((await ctx.request('POST', '/api/auth/login', { body: { username: 'street', password: NEW_PASSWORD } })).status).toBe(200);
    const audit = await store!.db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'auth.passwordChanged').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('enforces the policy: length, not the username, not a common password, not the same', async () => {
    const ctx = await setup();
    const token = await ctx.login('street');
    const attempt = async (newPassword: string) => {
      const res = await ctx.request('POST', '/api/auth/password', { token, body: { oldPassword: DEMO_PASSWORD, newPassword } });
      expect(res.status).toBe(400);
      const error = await code(res);
      expect(error.code).toBe('WEAK_PASSWORD');
      return error.issues!.map((i) => i.code);
    };
    expect(await attempt('short')).toContain('PASSWORD_TOO_SHORT');
    expect(await attempt('street-street-1')).toEqual(['PASSWORD_IS_USERNAME']);
    expect(await attempt('1234567890')).toEqual(['PASSWORD_COMMON']);
    expect(await attempt(DEMO_PASSWORD)).toContain('PASSWORD_UNCHANGED');
    // An administrator's new account follows the same policy.
    const admin = await ctx.login('admin');
    const weak = await ctx.request('POST', '/api/admin/users', { token: admin, body: { username: 'newworker', displayName: '新人', password: 'qwertyuiop', role: 'grid_worker', nodeId: 'g01' } });
    expect((await code(weak)).code).toBe('WEAK_PASSWORD');
  });

  it('lets an administrator force a change at next sign-in: the login answers a change-only token', async () => {
    const ctx = await setup();
    const admin = await ctx.login('admin');
    const before = await ctx.login('grid02');
    expect((await ctx.request('PATCH', `/api/admin/users/${await userId('grid02')}`, { token: admin, body: { mustChangePassword: true } })).status).toBe(204);
    expect((await ctx.request('GET', '/api/me', { token: before })).status).toBe(401);
    const login = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid02', password: DEMO_PASSWORD, deviceId: 'grid02-phone' } });
    expect(login.status).toBe(403);
    const body = (await login.json()) as { error: { code: string }; passwordChangeToken: string; expiresAt: string };
    expect(body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    // The change-only token opens nothing else.
    const me = await ctx.request('GET', '/api/me', { token: body.passwordChangeToken });
    expect(me.status).toBe(403);
    expect((await code(me)).code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await ctx.request('POST', '/api/auth/password', { token: body.passwordChangeToken, body: { oldPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD } });
    expect(changed.status).toBe(200);
    const { token, recoveryKey } = (await changed.json()) as { token: string; recoveryKey: string };
    expect((await ctx.request('GET', '/api/me', { token })).status).toBe(200);
    // The phone sets its PIN now, without a second sign-in: the answer carries this device's recovery key, the one a
    // later sign-in on this device gives (and not another device's).
    expect(Buffer.from(recoveryKey, 'base64url')).toHaveLength(32);
    const again = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid02', password: NEW_PASSWORD, deviceId: 'grid02-phone' } });
    expect(((await again.json()) as { recoveryKey: string }).recoveryKey).toBe(recoveryKey);
    const other = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid02', password: NEW_PASSWORD, deviceId: 'grid02-other' } });
    expect(((await other.json()) as { recoveryKey: string }).recoveryKey).not.toBe(recoveryKey);
    // Spent.
    expect((await ctx.request('POST', '/api/auth/password', { token: body.passwordChangeToken, body: { oldPassword: NEW_PASSWORD, newPassword: 'another-fine-phrase' } })).status).toBe(401);
    expect((await ctx.request('POST', '/api/auth/login', { body: { username: 'grid02', password: NEW_PASSWORD } })).status).toBe(200);
  });

  it('ends idle staff sessions after STAFF_IDLE_MINUTES but keeps grid workers’ phone tokens', async () => {
    store = await create();
    const ctx = await createTestContext(store, { staffIdleMinutes: 30 });
    const street = await ctx.login('street');
    const grid = await ctx.login('grid01');
    const idleSince = new Date(Date.now() - 31 * 60_000).toISOString();
    await store.db.updateTable('tokens').set({ last_used_at: idleSince }).execute();
    const res = await ctx.request('GET', '/api/me', { token: street });
    expect(res.status).toBe(401);
    expect((await code(res)).code).toBe('SESSION_IDLE');
    expect((await ctx.request('GET', '/api/me', { token: grid })).status).toBe(200);
    // Within the idle time the session lives, and use moves its clock.
    const fresh = await ctx.login('street', 'laptop-2');
    await store.db.updateTable('tokens').set({ last_used_at: new Date(Date.now() - 29 * 60_000).toISOString() }).where('device_id', '=', 'laptop-2').execute();
    expect((await ctx.request('GET', '/api/me', { token: fresh })).status).toBe(200);
    const row = await store.db.selectFrom('tokens').select('last_used_at').where('device_id', '=', 'laptop-2').where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    expect(Date.now() - Date.parse(row.last_used_at)).toBeLessThan(60_000);
  });

  it('tells a revoked device or a disabled account’s device DEVICE_REVOKED; admins list and revoke devices', async () => {
    const ctx = await setup();
    const admin = await ctx.login('admin');
    const phone = await ctx.login('grid03', 'grid03-phone');
    const tablet = await ctx.login('grid03', 'grid03-tablet');
    const id = await userId('grid03');
    const list = await ctx.request('GET', `/api/admin/users/${id}/sessions`, { token: admin });
    const { sessions } = (await list.json()) as { sessions: { id: string; deviceId: string; deviceName: string; lastUsedAt: string }[] };
    expect(sessions.map((s) => s.deviceId).sort()).toEqual(['grid03-phone', 'grid03-tablet']);
    const phoneSession = sessions.find((s) => s.deviceId === 'grid03-phone')!;
    expect((await ctx.request('DELETE', `/api/admin/users/${id}/sessions/${phoneSession.id}`, { token: admin })).status).toBe(204);
    const revoked = await ctx.request('POST', '/api/sync/pull', { token: phone, body: { protocolVersion: 1, cursor: 0, limit: 10 } });
    expect(revoked.status).toBe(401);
    expect((await code(revoked)).code).toBe('DEVICE_REVOKED');
    expect((await ctx.request('GET', '/api/me', { token: tablet })).status).toBe(200);
    // Another sub-district's administrator scope: staff cannot list.
    const street = await ctx.login('street');
    expect((await ctx.request('GET', `/api/admin/users/${id}/sessions`, { token: street })).status).toBe(403);
    // Disabling the account: every device is told to erase.
    expect((await ctx.request('PATCH', `/api/admin/users/${id}`, { token: admin, body: { disabled: true } })).status).toBe(204);
    expect((await code(await ctx.request('GET', '/api/me', { token: tablet }))).code).toBe('DEVICE_REVOKED');
    // Signing out is not a revocation.
    const community = await ctx.login('community01');
    await ctx.request('POST', '/api/auth/logout', { token: community });
    expect((await code(await ctx.request('GET', '/api/me', { token: community }))).code).toBe('UNAUTHENTICATED');
  });
});
