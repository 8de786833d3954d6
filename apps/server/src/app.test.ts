import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Store } from './db/index.js';
import { createTestContext, type TestContext } from './test-support/test-context.js';

describe('app', () => {
  let store: Store;
  let ctx: TestContext;
  beforeAll(async () => {
    store = await createDatabase({ sqliteFile: ':memory:' });
    ctx = await createTestContext(store);
  });
  afterAll(() => store.close());

  it('reports health with the database in use', async () => {
    const res = await ctx.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'sqlite' });
  });

  it('sends a CSP that forbids inline scripts and framing', async () => {
    const res = await ctx.request('GET', '/api/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('publishes an OpenAPI 3.1 document with the auth endpoints and bearer scheme', async () => {
    const doc = (await (await ctx.request('GET', '/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/health', '/api/org/nodes']));
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
  });

  it('answers unknown API paths with a coded 404 and oversized bodies with 413', async () => {
    const missing = await ctx.request('GET', '/api/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const big = await ctx.request('POST', '/api/auth/login', { body: { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) } });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('turns an unexpected failure into a 500 with a request id and no internals', async () => {
    // A database that has gone away is a real unexpected failure, not a simulated one.
    const brokenStore = await createDatabase({ sqliteFile: ':memory:' });
    const broken = await createTestContext(brokenStore);
    await brokenStore.close();
    const res = await broken.request('GET', '/api/health');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.requestId).toBeTruthy();
    expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
    expect(body.error.message).not.toMatch(/destroy|driver|sqlite/i);
  });
});
