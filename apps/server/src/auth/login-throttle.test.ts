import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { parseTrustedProxies } from '../http/client-address.js';
import { createTestContext, TEST_PEER_HEADER, type TestContext } from '../test-support/test-context.js';
import { ADDRESS_LIMIT, PAIR_LIMIT, releaseLoginAttempt, reserveLoginAttempt, USER_FREE_ATTEMPTS, USER_MAX_DELAY_MS, WINDOW_MS } from './login-throttle.js';

const PASSWORD = 'tiaojie-demo';

describe.each(testDatabases())('login throttling on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  async function setup(overrides: Parameters<typeof createTestContext>[1] = {}): Promise<TestContext> {
    store = await create();
    return createTestContext(store, overrides);
  }
  const login = (ctx: TestContext, username: string, password: string, from: string, extra: { token?: string; deviceId?: string; forwardedFor?: string } = {}) =>
    ctx.request('POST', '/api/auth/login', {
      body: { username, password, ...(extra.deviceId ? { deviceId: extra.deviceId } : {}) },
      headers: {
        [TEST_PEER_HEADER]: from,
        ...(extra.token ? { authorization: `Bearer ${extra.token}` } : {}),
        ...(extra.forwardedFor ? { 'x-forwarded-for': extra.forwardedFor } : {}),
      },
    });
  const tally = (responses: Response[]) => {
    const counts: Record<number, number> = {};
    for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  };

  it(`lets at most ${PAIR_LIMIT} of 200 parallel guesses from one address at one account reach the password check`, async () => {
    const ctx = await setup();
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => login(ctx, 'grid01', `wrong-${i}`, '198.51.100.7')));
    expect(tally(responses)).toEqual({ 401: PAIR_LIMIT, 429: 200 - PAIR_LIMIT });
  });

  it(`lets at most ${USER_FREE_ATTEMPTS} of 200 parallel guesses from 200 addresses at one account through, and asks the rest to wait at most ${USER_MAX_DELAY_MS / 1000} s`, async () => {
    const ctx = await setup();
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => login(ctx, 'grid01', `wrong-${i}`, `203.0.113.${i}`)));
    expect(tally(responses)).toEqual({ 401: USER_FREE_ATTEMPTS, 429: 200 - USER_FREE_ATTEMPTS });
    for (const r of responses.filter((r) => r.status === 429)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(USER_MAX_DELAY_MS / 1000);
    }
  });

  it(`lets at most ${ADDRESS_LIMIT} of 100 parallel guesses from one address at 100 accounts through`, async () => {
    const ctx = await setup();
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => login(ctx, `user${i}`, 'wrong', '198.51.100.8')));
    expect(tally(responses)).toEqual({ 401: ADDRESS_LIMIT, 429: 100 - ADDRESS_LIMIT });
  });

  it('throttles the stranger, not everybody: other clients and the real user on a known device still sign in', async () => {
    const ctx = await setup();
    const device = 'grid01-phone-known';
    const known = (await (await login(ctx, 'grid01', PASSWORD, '192.0.2.10', { deviceId: device })).json()) as { token: string };
    // A stranger has guessed at grid01 for minutes from many addresses, as fast as the delays let them.
    let now = Date.now() - 5 * 60_000;
    for (let i = 0; now < Date.now() - 1000; i++) {
      const turn = await reserveLoginAttempt(ctx.store.db, { username: 'grid01', address: `198.18.0.${i % 250}` }, now);
      now += turn.allowed ? 1 : turn.retryAfterSeconds * 1000;
    }
    for (let i = 0; i < 6; i++) expect((await login(ctx, 'grid01', 'guess', '198.51.100.66')).status).toBe(429);
    // Before: every client without X-Forwarded-For shared one key, and five failures locked all logins for 15 minutes.
    expect((await login(ctx, 'grid02', PASSWORD, '192.0.2.20')).status).toBe(200);
    // Someone else's token, or this user's token with another device id, is no proof of this device.
    const other = await ctx.login('grid02');
    expect((await login(ctx, 'grid01', PASSWORD, '192.0.2.11', { token: other })).status).toBe(429);
    expect((await login(ctx, 'grid01', PASSWORD, '192.0.2.11', { token: known.token, deviceId: 'another-device' })).status).toBe(429);
    // Without a token the real user waits a delay of at most a minute, not a lock.
    const unknownDevice = await login(ctx, 'grid01', PASSWORD, '192.0.2.11');
    expect(unknownDevice.status).toBe(429);
    expect(Number(unknownDevice.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(unknownDevice.headers.get('retry-after'))).toBeLessThanOrEqual(USER_MAX_DELAY_MS / 1000);
    // The real user's phone presents its token: signed in, even from the stranger's own address.
    expect((await login(ctx, 'grid01', PASSWORD, '198.51.100.66', { token: known.token, deviceId: device })).status).toBe(200);
    // A correct password starts the username's count over: the user's other phone signs in too.
    expect((await login(ctx, 'grid01', PASSWORD, '192.0.2.11')).status).toBe(200);
  });

  it('believes X-Forwarded-For only from a proxy listed in TRUST_PROXY', async () => {
    const direct = await setup();
    // A client that sends its own X-Forwarded-For is still counted by its socket address.
    const spoofed = await Promise.all(Array.from({ length: 20 }, (_, i) => login(direct, 'grid03', 'wrong', '198.51.100.9', { forwardedFor: `10.9.9.${i}` })));
    expect(tally(spoofed)).toEqual({ 401: PAIR_LIMIT, 429: 20 - PAIR_LIMIT });
    await store?.close();

    const behindProxy = await setup({ trustProxy: parseTrustedProxies('10.0.0.1') });
    // Through the proxy, the client it names is counted; what the client prepended is not believed.
    const proxied = await Promise.all(Array.from({ length: 4 }, (_, i) => login(behindProxy, 'grid03', 'wrong', '10.0.0.1', { forwardedFor: `6.6.6.6, 203.0.113.${i}` })));
    expect(tally(proxied)).toEqual({ 401: 4 });
    const sameClient = await Promise.all(Array.from({ length: 10 }, () => login(behindProxy, 'grid04', 'wrong', '10.0.0.1', { forwardedFor: '203.0.113.50' })));
    expect(tally(sameClient)).toEqual({ 401: PAIR_LIMIT, 429: 10 - PAIR_LIMIT });
  });

  it('doubles the wait per username from 1 s up to the cap, starts over after a quiet window or a correct password', async () => {
    store = await create();
    const db = store.db;
    const t0 = 1_800_000_000_000;
    const attempt = (address: string) => ({ username: 'grid05', address });
    for (let i = 0; i < USER_FREE_ATTEMPTS; i++) expect(await reserveLoginAttempt(db, attempt(`a${i}`), t0)).toEqual({ allowed: true });
    const waits: number[] = [];
    let now = t0;
    for (let i = 0; i < 9; i++) {
      const refused = await reserveLoginAttempt(db, attempt(`b${i}`), now);
      if (refused.allowed) throw new Error('expected a wait');
      waits.push(refused.retryAfterSeconds);
      now += refused.retryAfterSeconds * 1000;
      expect(await reserveLoginAttempt(db, attempt(`c${i}`), now)).toEqual({ allowed: true });
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    // A quiet window later the count has started over.
    now += WINDOW_MS + USER_MAX_DELAY_MS;
    for (let i = 0; i < USER_FREE_ATTEMPTS; i++) expect(await reserveLoginAttempt(db, attempt(`d${i}`), now)).toEqual({ allowed: true });
    expect((await reserveLoginAttempt(db, attempt('e'), now)).allowed).toBe(false);
    await releaseLoginAttempt(db, attempt('e'));
    expect(await reserveLoginAttempt(db, attempt('f'), now)).toEqual({ allowed: true });
  });
});
