import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type Store } from '../db/index.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { MAX_JSON_DEPTH, MAX_PUSH_JSON_DEPTH } from './json-depth.js';

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
}

/** Every operation whose body is JSON, from the app's own OpenAPI document (so a new endpoint is covered too). */
async function jsonOperations(ctx: TestContext): Promise<{ method: string; path: string }[]> {
  const doc = (await (await ctx.app.request('/api/openapi.json')).json()) as OpenApiDoc;
  const ops: { method: string; path: string }[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (op.requestBody?.content['application/json']) ops.push({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'x1') });
    }
  }
  return ops;
}

describe('JSON request bodies', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());
  async function setup() {
    store = await createDatabase({ sqliteFile: ':memory:' });
    const ctx = await createTestContext(store);
    return { ctx, token: await ctx.login('admin') };
  }

  it('answers a missing or wrong Content-Type on every JSON endpoint with 415 UNSUPPORTED_MEDIA_TYPE (or another 4xx with a code), never 500', async () => {
    const { ctx, token } = await setup();
    const ops = await jsonOperations(ctx);
    expect(ops.length).toBeGreaterThan(10);
    let unsupported = 0;
    for (const { method, path } of ops) {
      for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (type) headers['content-type'] = type;
        const res = await ctx.app.request(path, { method, headers, body: '{"protocolVersion":2}' });
        const body = (await res.json()) as { error?: { code: string } };
        expect(res.status, `${method} ${path} as ${type}`).toBeLessThan(500);
        expect(res.status, `${method} ${path} as ${type}`).toBeGreaterThanOrEqual(400);
        expect(body.error?.code, `${method} ${path}`).toMatch(/^[A-Z_]+$/);
        if (res.status === 415) {
          expect(body.error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
          unsupported++;
        }
      }
    }
    // Routes that fail earlier for another reason (unknown id, old protocol) may answer that instead.
    expect(unsupported).toBeGreaterThan(ops.length);
  });

  it('answers malformed JSON with 400 BAD_JSON on every JSON endpoint', async () => {
    const { ctx, token } = await setup();
    for (const { method, path } of await jsonOperations(ctx)) {
      const res = await ctx.app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"a":' });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_JSON');
    }
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels with 400 JSON_TOO_DEEP before parsing it, and accepts ${MAX_JSON_DEPTH}`, async () => {
    const { ctx, token } = await setup();
    const nested = (levels: number) => '{"protocolVersion":2,"cursor":0,"x":' + '['.repeat(levels - 1) + ']'.repeat(levels - 1) + '}';
    const send = (body: string) =>
      ctx.app.request('/api/sync/pull', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    for (const body of [nested(MAX_JSON_DEPTH + 1), '['.repeat(1_000_000)]) {
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('JSON_TOO_DEEP');
    }
    // At the limit the body goes on to the route (which ignores the unknown key).
    expect((await send(nested(MAX_JSON_DEPTH))).status).toBe(200);
  });

  it(`lets a push batch nest up to ${MAX_PUSH_JSON_DEPTH} levels (its mutations are judged one by one) and no deeper`, async () => {
    const { ctx, token } = await setup();
    const push = (levels: number) =>
      ctx.app.request('/api/sync/push', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"protocolVersion":2,"mutations":[],"x":' + '['.repeat(levels - 1) + ']'.repeat(levels - 1) + '}',
      });
    const tooDeep = await push(MAX_PUSH_JSON_DEPTH + 1);
    expect(tooDeep.status).toBe(400);
    expect(((await tooDeep.json()) as { error: { code: string } }).error.code).toBe('JSON_TOO_DEEP');
    expect((await push(MAX_JSON_DEPTH + 1)).status).not.toBe(500);
    expect(((await (await push(MAX_JSON_DEPTH + 1)).json()) as { error?: { code: string } }).error?.code).not.toBe('JSON_TOO_DEEP');
  });
});
