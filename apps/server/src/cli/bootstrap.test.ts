import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createDatabase, type Store } from '../db/index.js';
import { bootstrapAdmin } from './bootstrap.js';

describe('bootstrapAdmin', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  it('creates a first administrator who can sign in, and only once', async () => {
    store = await createDatabase({ sqliteFile: ':memory:' });
    await bootstrapAdmin(store, { districtId: 'd9', districtName: '某区', username: 'Root', password: 'correct-horse' });
    const app = createApp({ store, config: { dataDir: '/tmp', tokenTtlDays: 1, production: true } });
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'root', password: 'correct-horse' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { role: 'admin', nodeId: 'd9', nodePath: '/d9/' } });
    await expect(bootstrapAdmin(store, { districtId: 'd8', districtName: 'x', username: 'b', password: 'correct-horse' })).rejects.toThrow(/already/);
  });
});
