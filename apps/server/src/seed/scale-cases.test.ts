import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { syncClient } from '../sync/sync-test-kit.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { seedScaleCases } from './scale-cases.js';

describe.each(testDatabases())('scale seed on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  it('writes valid cases that pull, search and take edits like pushed ones', async () => {
    const seeded = await seedScaleCases(store, { count: 450, gridPaths: ['/d1/s1/c1/g01/', '/d1/s1/c2/g04/'], subdistrictEvery: 50 });
    expect(seeded.subdistrictCases).toHaveLength(9);
    const street = await syncClient(ctx, 'street');
    const pulled = await street.pullAll(0, 100);
    expect(pulled.changes.map((c) => c.id).sort()).toEqual(seeded.subdistrictCases.map((c) => c.id).sort());
    const grid = await syncClient(ctx, 'grid04');
    expect((await grid.pullAll(0, 500)).changes).toHaveLength(225);
    const token = await ctx.login('street');
    const target = seeded.gridCases[123]!;
    const found = (await (await ctx.request('GET', `/api/cases/search?q=${encodeURIComponent(target.caseNo)}`, { token })).json()) as { items: { id: string }[]; total: number };
    expect(found.items.map((r) => r.id)).toEqual([target.id]);
    const all = (await (await ctx.request('GET', '/api/cases/search?limit=1', { token })).json()) as { total: number };
    expect(all.total).toBe(450);
    // A seq taken after the seed continues the log (no clash with the seeded rows).
    const edit = await grid.push([{ id: 1, name: 'case.edit', args: { caseId: seeded.gridCases[0]!.id, changes: { risk: 'major' }, base: {} } }]);
    expect(edit.results[0]).toMatchObject({ status: 'applied' });
  });
});
