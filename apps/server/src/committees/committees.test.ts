import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';

describe.each(testDatabases())('mediation committees API on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(async () => store.close());

  it('an administrator keeps committees and their mediators; a grid worker sees those of the grid and above', async () => {
    const admin = await ctx.login('admin');
    const put = (path: string, body: unknown, token = admin) => ctx.request('PUT', `/api/committees/${path}`, { token, body });
    expect((await put('cc1', { nodeId: 'c1', name: '一社区人民调解委员会', kind: 'residential' })).status).toBe(204);
    expect((await put('cs1', { nodeId: 's1', name: '街道人民调解委员会', kind: 'subdistrict' })).status).toBe(204);
    expect((await put('ct1', { nodeId: 's1', name: '交通事故纠纷人民调解委员会', kind: 'specialised', body: 'traffic' })).status).toBe(204);
    expect((await put('cc2', { nodeId: 'c2', name: '二社区人民调解委员会', kind: 'residential' })).status).toBe(204);
    expect((await put('cc1/mediators/m1', { name: '李调解', kind: 'full_time' })).status).toBe(204);
    expect((await put('cc1/mediators/m2', { name: '王调解', kind: 'part_time' })).status).toBe(204);
    expect((await put('cc1', { nodeId: 'c1', name: '一社区人民调解委员会', kind: 'bogus' })).status).toBe(400);

    const grid = await ctx.login('grid01');
    expect((await put('cx', { nodeId: 'g01', name: '网格调委会', kind: 'other' }, grid)).status).toBe(403);
    const res = await ctx.request('GET', '/api/committees', { token: grid });
    const { committees } = (await res.json()) as { committees: { id: string; mediators: { name: string; kind: string }[] }[] };
    // g01 is in c1: its own community's, the sub-district's two; not c2's.
    expect(committees.map((c) => c.id).sort()).toEqual(['cc1', 'cs1', 'ct1']);
    expect(committees.find((c) => c.id === 'cc1')!.mediators.map((m) => m.kind).sort()).toEqual(['full_time', 'part_time']);
  });
});
