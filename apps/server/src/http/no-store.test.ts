import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type Store } from '../db/index.js';
import { createTestContext } from '../test-support/test-context.js';

describe('Cache-Control of API answers', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  it('marks every answer that can carry personal data no-store, errors included', async () => {
    store = await createDatabase({ sqliteFile: ':memory:' });
    const ctx = await createTestContext(store);
    const token = await ctx.login('street');
    const answers = [
      await ctx.request('GET', '/api/me', { token }),
      await ctx.request('GET', '/api/cases', { token }),
      await ctx.request('GET', '/api/org/nodes', { token }),
      await ctx.request('GET', '/api/auth/sessions', { token }),
      await ctx.request('POST', '/api/sync/pull', { token, body: { protocolVersion: 2, cursor: 0, limit: 10 } }),
      await ctx.request('POST', '/api/auth/login', { body: { username: 'street', password: 'tiaojie-demo' } }),
      await ctx.request('GET', '/api/me'),
      await ctx.request('GET', '/api/no-such-thing', { token }),
    ];
    answers.forEach((res, i) => expect(res.headers.get('cache-control'), `answer ${i} (${res.status})`).toBe('no-store'));
    expect(answers.slice(0, 6).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('leaves health and the API description cacheable', async () => {
    store = await createDatabase({ sqliteFile: ':memory:' });
    const ctx = await createTestContext(store);
    for (const path of ['/api/health', '/api/openapi.json']) expect((await ctx.app.request(path)).headers.get('cache-control')).toBeNull();
  });
});
