import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { DEMO_PASSWORD } from '../seed/index.js';
import { createTestContext } from '../test-support/test-context.js';

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
});
