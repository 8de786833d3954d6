import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { rewriteOldRiskCodes } from '../db/migrations/016-risk-grades.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { foldChanges, newCaseArgs, syncClient } from '../sync/sync-test-kit.js';

describe.each(testDatabases())('risk grades on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  it('rows stored with old codes become grades (column and document), and an older phone\'s old code is read as a grade', async () => {
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { risk: 'red' }) },
      { id: 2, name: 'case.create', args: newCaseArgs('k2', 'g01', { risk: 'orange' }) },
      // An older phone still sends 较大.
      { id: 3, name: 'case.create', args: newCaseArgs('k3', 'g01', { risk: 'major' }) },
    ]);
    // As a database of the previous release holds them.
    for (const [id, old] of [['k1', 'general'], ['k2', 'serious']] as const) {
      const row = await store.db.selectFrom('cases').select(['doc']).where('id', '=', id).executeTakeFirstOrThrow();
      await store.db.updateTable('cases').set({ risk: old, doc: row.doc.replace(/"risk":"[a-z]+"/, `"risk":"${old}"`) }).where('id', '=', id).execute();
    }
    await rewriteOldRiskCodes(store.db as unknown as Kysely<unknown>);
    const rows = await store.db.selectFrom('cases').select(['id', 'risk', 'doc']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.risk, (JSON.parse(r.doc) as { risk: string }).risk])).toEqual([
      ['k1', 'blue', 'blue'],
      ['k2', 'orange', 'orange'],
      ['k3', 'yellow', 'yellow'],
    ]);
    const pulled = foldChanges((await phone.pullAll()).changes);
    expect(pulled.get('case:k3')?.risk).toBe('yellow');
  });

  it('an automatic escalation applies once: a retry, a second phone, or one overtaken by a person changes nothing and is not refused', async () => {
    const a = await syncClient(ctx, 'grid01');
    const b = await syncClient(ctx, 'grid01', 'grid01-phone-2');
    await a.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { risk: 'red' }) }]);
    const auto = (id: number, escalationId = 'auto-red-subdistrict') => ({
      id,
      name: 'case.transition',
      args: { caseId: 'k1', action: 'escalate', payload: { escalationId, toLevel: 'subdistrict', reason: '超时自动上报', date: '2024-03-02', automatic: true, at: '2024-03-02T03:00:00.000Z' } },
    });
    expect((await a.push([auto(2)])).results.map((r) => r.status)).toEqual(['applied']);
    // The grid worker no longer sees the case (handled at the sub-district); the other phone's copy arrives late.
    const late = await b.push([auto(1)]);
    expect(late.results.map((r) => [r.status, r.code])).toEqual([['applied', undefined]]);
    const row = await store.db.selectFrom('cases').select(['handling_level', 'doc', 'version']).where('id', '=', 'k1').executeTakeFirstOrThrow();
    expect(row.handling_level).toBe('subdistrict');
    expect(row.version).toBe(2);
    expect(Object.values((JSON.parse(row.doc) as { escalations: Record<string, unknown> }).escalations)).toMatchObject([{ id: 'auto-red-subdistrict', automatic: true, fromLevel: 'grid' }]);
  });
});
