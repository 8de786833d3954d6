import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { foldChanges, newCaseArgs, syncClient, type SyncClient } from './sync-test-kit.js';

/**
 * Whatever cases are created, escalated, concluded and archived between a staff desktop's pulls, and whatever its
 * page size, the desktop ends up holding exactly the cases its unit handles and has not archived (nothing skipped,
 * nothing stale), and no change reaches it twice at the same seq.
 */
type Op = { kind: 'create' } | { kind: 'escalate'; pick: number; to: 'community' | 'subdistrict' | 'district' } | { kind: 'close'; pick: number } | { kind: 'pull'; limit: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'create' as const }),
  fc.record({ kind: fc.constant('escalate' as const), pick: fc.nat(50), to: fc.constantFrom('community' as const, 'subdistrict' as const, 'district' as const) }),
  fc.record({ kind: fc.constant('close' as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant('pull' as const), limit: fc.integer({ min: 2, max: 6 }) }),
);

describe.each(testDatabases())('staff pull scope under any history on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeAll(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterAll(() => store.close());

  it('converges to the unit’s unarchived cases', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 14 }), async (ops) => {
        run++;
        const grid = await syncClient(ctx, 'grid01', `grid-prop-${run}`);
        const admin = await syncClient(ctx, 'admin', `admin-prop-${run}`);
        const street: SyncClient = await syncClient(ctx, 'street', `street-prop-${run}`);
        const start = Number((await store.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);
        const ids: string[] = [];
        let mutation = 0;
        let cursor = start;
        const received: { id: string; seq: number }[] = [];
        const seen: Record<string, unknown>[] = [];
        const pull = async (limit: number) => {
          const page = await street.pullAll(cursor, limit);
          cursor = page.cursor;
          for (const c of page.changes) received.push({ id: c.id, seq: c.seq });
          seen.push(...(page.changes as unknown as Record<string, unknown>[]));
        };
        for (const o of ops) {
          if (o.kind === 'create') {
            const id = `p${run}-${ids.length}`;
            ids.push(id);
            await grid.push([{ id: ++mutation, name: 'case.create', args: newCaseArgs(id, 'g01') }]);
          } else if (o.kind === 'escalate' && ids.length) {
            const id = ids[o.pick % ids.length]!;
            await admin.push([{ id: ++mutation, name: 'case.transition', args: { caseId: id, action: 'escalate', payload: { escalationId: `e${mutation}`, toLevel: o.to, reason: '上报', date: '2024-03-05' } } }]);
          } else if (o.kind === 'close' && ids.length) {
            const id = ids[o.pick % ids.length]!;
            await admin.push([
              { id: ++mutation, name: 'case.transition', args: { caseId: id, action: 'conclude', payload: { outcome: { code: 'success', concludedOn: '2024-03-09', body: 'subdistrict_committee', notes: '' } } } },
              { id: ++mutation, name: 'case.transition', args: { caseId: id, action: 'archive', payload: {} } },
            ]);
          } else if (o.kind === 'pull') {
            await pull(o.limit);
          }
        }
        await pull(3);
        const rows = ids.length ? await store.db.selectFrom('cases').select(['id', 'scope_path', 'status']).where('id', 'in', ids).execute() : [];
        const expected = rows.filter((r) => r.scope_path === '/d1/s1/' && r.status !== 'archived').map((r) => `case:${r.id}`).sort();
        const held = [...foldChanges(seen as never).keys()].filter((k) => k.startsWith(`case:p${run}-`)).sort();
        expect(held).toEqual(expected);
        const keys = received.map((r) => `${r.id}@${r.seq}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});
