import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { PAIR_LIMIT } from './login-throttle.js';

describe.each(testDatabases())('auth on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  async function setup(): Promise<TestContext> {
    store = await create();
    return createTestContext(store);
  }

  it('logs in every headline demo account and answers /api/me with role and node', async () => {
    const ctx = await setup();
    const expected = { grid01: ['grid_worker', 'g01'], community01: ['community_staff', 'c1'], street: ['subdistrict_staff', 's1'], admin: ['admin', 'd1'] };
    for (const [username, [role, nodeId]] of Object.entries(expected)) {
      const token = await ctx.login(username);
      const res = await ctx.request('GET', '/api/me', { token });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ username, role, nodeId });
    }
  });

  it('refuses wrong passwords with INVALID_CREDENTIALS, then throttles with 429 and Retry-After', async () => {
    const ctx = await setup();
    for (let i = 0; i < PAIR_LIMIT; i++) {
      const res = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid01', password: 'wrong' } });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    }
    // Even the right password waits once this address has used its attempts at the username.
    const locked = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid01', password: 'tiaojie-demo' } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
  });

  it('does not reveal whether a username exists', async () => {
    const ctx = await setup();
    const res = await ctx.request('POST', '/api/auth/login', { body: { username: 'nobody', password: 'x' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('names the missing field of a bad login payload with a 400', async () => {
    const ctx = await setup();
    const res = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid01' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((i) => i.path)).toContain('password');
  });

  it('answers malformed JSON with 400 BAD_JSON, never a 500', async () => {
    const ctx = await setup();
    const res = await ctx.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/BAD_JSON|VALIDATION_FAILED/);
  });

  it('keeps one token per device, revokes on logout, and rejects unknown tokens', async () => {
    const ctx = await setup();
    const first = await ctx.login('grid01', 'phone-aaaaaaaa');
    const second = await ctx.login('grid01', 'phone-aaaaaaaa');
    expect((await ctx.request('GET', '/api/me', { token: first })).status).toBe(401);
    expect((await ctx.request('GET', '/api/me', { token: second })).status).toBe(200);
    const other = await ctx.login('grid01', 'tablet-bbbbbbbb');
    const sessions = (await (await ctx.request('GET', '/api/auth/sessions', { token: other })).json()) as { sessions: { deviceId: string }[] };
    expect(sessions.sessions.map((s) => s.deviceId).sort()).toEqual(['phone-aaaaaaaa', 'tablet-bbbbbbbb']);
    expect((await ctx.request('POST', '/api/auth/logout', { token: second })).status).toBe(204);
    expect((await ctx.request('GET', '/api/me', { token: second })).status).toBe(401);
    expect((await ctx.request('GET', '/api/me', { token: 'x'.repeat(43) })).status).toBe(401);
  });

  it('expires tokens after their lifetime', async () => {
    store = await create();
    const ctx = await createTestContext(store, { tokenTtlDays: 1 });
    const token = await ctx.login('street');
    await store.db.updateTable('tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    const res = await ctx.request('GET', '/api/me', { token });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('names the nodes above the user, so a phone can say where an escalated case went', async () => {
    const ctx = await setup();
    const res = await ctx.request('GET', '/api/org/nodes', { token: await ctx.login('grid01') });
    const body = (await res.json()) as { ancestors: { id: string; name: string; kind: string }[] };
    expect(body.ancestors.map((n) => [n.id, n.kind])).toEqual([
      ['d1', 'district'],
      ['s1', 'subdistrict'],
      ['c1', 'community'],
    ]);
    expect(body.ancestors.find((n) => n.id === 'c1')?.name).toBe('东湖社区');
  });

  it('shows each user exactly the org subtree of their node', async () => {
    const ctx = await setup();
    const ids = async (username: string) => {
      const res = await ctx.request('GET', '/api/org/nodes', { token: await ctx.login(username) });
      return ((await res.json()) as { nodes: { id: string }[] }).nodes.map((n) => n.id);
    };
    expect(await ids('grid01')).toEqual(['g01']);
    expect(await ids('community01')).toEqual(['c1', 'g01', 'g02', 'g03']);
    const street = await ids('street');
    expect(street).toHaveLength(1 + 3 + 10);
    expect(street).not.toContain('d1');
  });
});
