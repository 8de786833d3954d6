import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { DEMO_PASSWORD } from '../seed/index.js';
import { createTestContext } from '../test-support/test-context.js';
import { openRecoveryKey, sealClearRecoveryKeys } from './recovery-keys.js';

describe.each(testDatabases())('device recovery keys on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('gives a password sign-in its device’s key, the same one each time, another device another, and no token-only call returns it', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const signIn = async (deviceId: string) => {
      const res = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid01', password: DEMO_PASSWORD, deviceId } });
      expect(res.status).toBe(200);
      return (await res.json()) as { token: string; recoveryKey: string };
    };
    const first = await signIn('phone-000001');
    expect(Buffer.from(first.recoveryKey, 'base64url')).toHaveLength(32);
    expect((await signIn('phone-000001')).recoveryKey).toBe(first.recoveryKey);
    expect((await signIn('phone-000002')).recoveryKey).not.toBe(first.recoveryKey);
    const me = await ctx.request('GET', '/api/me', { token: first.token });
    expect(JSON.stringify(await me.json())).not.toContain(first.recoveryKey);
  });

  it('stores keys sealed under the data key, bound to their account and device; clear rows from before are sealed once and keep their key', async () => {
    store = await create();
    const ctx = await createTestContext(store);
    const signIn = async (deviceId: string) =>
      ((await (await ctx.request('POST', '/api/auth/login', { body: { username: 'grid01', password: DEMO_PASSWORD, deviceId } })).json()) as { recoveryKey: string }).recoveryKey;
    const key = await signIn('phone-000001');
    const rows = await store.db.selectFrom('device_recovery_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.recovery_key).toMatch(/^e1\.aes-256-gcm\./);
    expect(JSON.stringify(rows)).not.toContain(key);
    // Copied onto another device's row (a database writer without the master key): it does not open there.
    const user = rows[0]!.user_id;
    expect(() => openRecoveryKey(store!.personal, rows[0]!.recovery_key, user, 'phone-000002')).toThrow(/another account or device/);
    expect(openRecoveryKey(store.personal, rows[0]!.recovery_key, user, 'phone-000001')).toBe(key);

    // A row written in clear by a server from before this (what migration 019 left): read as is, then sealed.
    const old = Buffer.alloc(32, 7).toString('base64url');
    await store.db.insertInto('device_recovery_keys').values({ user_id: user, device_id: 'phone-old0001', recovery_key: old, created_at: '2026-12-01T00:00:00Z' }).execute();
    expect(await signIn('phone-old0001')).toBe(old);
    expect(await sealClearRecoveryKeys(store.db, store.personal)).toBe(1);
    expect(await sealClearRecoveryKeys(store.db, store.personal)).toBe(0);
    const raw = JSON.stringify(await store.db.selectFrom('device_recovery_keys').selectAll().execute());
    expect(raw).not.toContain(old);
    expect(raw).not.toContain(key);
    expect(await signIn('phone-old0001')).toBe(old);
    expect(await signIn('phone-000001')).toBe(key);
  });
});
