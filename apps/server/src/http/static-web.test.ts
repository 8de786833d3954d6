import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Store } from '../db/index.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';

describe('serving the built web app', () => {
  let store: Store;
  let ctx: TestContext;
  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'tiaojie-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>调解</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    store = await createDatabase({ sqliteFile: ':memory:' });
    ctx = await createTestContext(store, { webDist: dist });
  });
  afterAll(() => store.close());

  it('serves hashed assets as immutable and the service worker as revalidated', async () => {
    const asset = await ctx.request('GET', '/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const sw = await ctx.request('GET', '/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
  });

  it('falls back to the app shell for client routes but not for missing files', async () => {
    const route = await ctx.request('GET', '/cases/some-id');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('调解');
    expect((await ctx.request('GET', '/assets/index-old999.js')).status).toBe(404);
    expect((await ctx.request('GET', '/api/unknown')).status).toBe(404);
  });
});
