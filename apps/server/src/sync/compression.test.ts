import { gunzipSync, gzipSync } from 'node:zlib';
import { MAX_PUSH_BYTES, PROTOCOL_VERSION, type PullResponse, type PushResponse } from '@tiaojie/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { inflate } from '../http/request-encoding.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs } from './sync-test-kit.js';

describe.each(testDatabases())('compressed sync requests and answers on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  let token: string;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    token = await ctx.login('grid01', 'grid01-phone-1');
  });
  afterEach(() => store.close());

  const post = (path: string, body: Uint8Array | string, headers: Record<string, string> = {}) =>
    ctx.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body });
  const pushOf = (n: number) =>
    JSON.stringify({
      protocolVersion: PROTOCOL_VERSION,
      deviceId: 'grid01-phone-1',
      mutations: Array.from({ length: n }, (_, i) => ({ id: i + 1, name: 'case.create', args: newCaseArgs(`k${i}`), clientTime: '2024-03-05T08:00:00Z' })),
    });

  it('applies a gzip push and gzips the answer for a client that accepts it', async () => {
    const json = pushOf(20);
    const gz = gzipSync(json);
    expect(gz.length * 4).toBeLessThan(json.length);
    const res = await post('/api/sync/push', gz, { 'content-encoding': 'gzip', 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const answer = JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')) as PushResponse;
    expect(answer.results.map((r) => r.status)).toEqual(Array(20).fill('applied'));
    // A client that does not say it accepts gzip gets plain JSON.
    const pull = await post('/api/sync/pull', JSON.stringify({ protocolVersion: PROTOCOL_VERSION, cursor: 0, limit: 100 }));
    expect(pull.headers.get('content-encoding')).toBeNull();
    expect(((await pull.json()) as PullResponse).changes).toHaveLength(20);
  });

  it('refuses a zip bomb with PAYLOAD_TOO_LARGE while inflating it, and bad gzip or another encoding with a code', async () => {
    // 64 MB of spaces inside valid JSON: ~64 KB compressed, well under the byte limit as sent.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"protocolVersion":2,"deviceId":"grid01-phone-1","mutations":[]'), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from('}')]));
    expect(bomb.length).toBeLessThan(MAX_PUSH_BYTES / 10);
    const refused = await post('/api/sync/push', bomb, { 'content-encoding': 'gzip' });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    // (the other sync routes keep their own, smaller limit)
    const smallBomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect((await post('/api/sync/pull', smallBomb, { 'content-encoding': 'gzip' })).status).toBe(413);

    const broken = await post('/api/sync/push', new Uint8Array([0x1f, 0x8b, 1, 2, 3]), { 'content-encoding': 'gzip' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'BAD_JSON' } });
    const brotli = await post('/api/sync/push', pushOf(1), { 'content-encoding': 'br' });
    expect(brotli.status).toBe(415);
    expect(await brotli.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(Number((await store.db.selectFrom('mutations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
  });
});

describe('inflate', () => {
  it('stops at the limit without inflating the rest', async () => {
    const data = gzipSync(Buffer.alloc(10 * 1024 * 1024, 1));
    await expect(inflate(data, 1024 * 1024)).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect((await inflate(gzipSync(Buffer.from('{"a":1}')), 7)).length).toBe(7);
  });
});
