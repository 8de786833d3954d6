import type { PushResponse } from '@tiaojie/sync';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { verifyAudit } from '../audit/index.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs, syncClient } from './sync-test-kit.js';

const withParty = (id: string, name: string) => newCaseArgs(id, 'g01', { parties: { p1: { id: 'p1', role: 'applicant', sex: 'female', age: 60, personal: { name } } } });

/**
 * A push batch on SQLite runs as one group transaction, each mutation in its own savepoint (its statements run
 * straight on better-sqlite3); on PostgreSQL each mutation is its own transaction. Either way a mutation that fails
 * half-way leaves nothing behind and the others of the batch stay.
 */
describe.each(testDatabases())('push batches on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  const ids = async (table: 'cases' | 'change_log' | 'case_numbers', column: 'id' | 'entity_id' | 'case_id') =>
    (await sql<{ v: string }>`select ${sql.ref(column)} as v from ${sql.table(table)} order by 1`.execute(store.db)).rows.map((r) => r.v);

  it('rolls back only the mutation that fails in the middle of a batch (after it wrote its case), and answers the same on a resend', async () => {
    // One name per case: the third case's party-name row then breaks this index AFTER its case row, number and
    // series value were written in its savepoint.
    await sql`create unique index probe_one_name on case_party_names (name_hash)`.execute(store.db);
    const phone = await syncClient(ctx, 'grid01');
    const batch = [
      { id: 1, name: 'case.create', args: withParty('k1', '甲') },
      { id: 2, name: 'case.create', args: withParty('k2', '乙') },
      { id: 3, name: 'case.create', args: withParty('k3', '甲') },
      { id: 4, name: 'case.create', args: withParty('k4', '丙') },
      { id: 5, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '改' }, base: {} } },
    ];
    const first = await phone.push(batch);
    const answer = first.results.map((r) => [r.id, r.status, r.code ?? null]);
    expect(answer).toEqual([
      [1, 'applied', null],
      [2, 'applied', null],
      [3, 'rejected', 'MUTATION_FAILED'],
      [4, 'applied', null],
      [5, 'applied', null],
    ]);
    const again = await phone.push(batch);
    expect(again.results.map((r) => [r.id, r.status, r.code ?? null])).toEqual(answer);
    expect(await ids('cases', 'id')).toEqual(['k1', 'k2', 'k4']);
    expect(await ids('change_log', 'entity_id')).toEqual(['k1', 'k1', 'k2', 'k4']);
    expect(new Set(await ids('case_numbers', 'case_id'))).toEqual(new Set(['k1', 'k2', 'k4']));
    // The number k3 took went back with it: the series has no gap.
    const values = await store.db.selectFrom('case_numbers').select('value').where('kind', '=', 'final').orderBy('value').execute();
    expect(values.map((v) => Number(v.value))).toEqual([1, 2, 3]);
    const audited = await store.db.selectFrom('audit_events').select('case_id').where('action', 'like', 'case.%').execute();
    expect(audited.map((a) => a.case_id).sort()).toEqual(['k1', 'k1', 'k2', 'k4']);
    const k1 = await store.db.selectFrom('cases').select('doc').where('id', '=', 'k1').executeTakeFirstOrThrow();
    expect((JSON.parse(k1.doc) as { facts: string }).facts).toBe('改');
  });

  it('commits the same whether a batch fails part-way or its mutations are pushed one by one', async () => {
    // On SQLite a group first runs all in one savepoint and, when one of its mutations throws, again mutation by
    // mutation: the ones before the failure are applied twice, and must leave exactly what one application leaves.
    const batch = [
      { id: 1, name: 'case.create', args: withParty('k1', '甲') },
      { id: 2, name: 'case.create', args: withParty('k2', '乙') },
      { id: 3, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '改' }, base: {} } },
      { id: 4, name: 'case.create', args: withParty('k3', '甲') },
      { id: 5, name: 'case.create', args: withParty('k4', '丙') },
      { id: 6, name: 'case.create', args: withParty('k2', '丁') },
    ];
    const committed = async (s: Store) => ({
      cases: (await s.db.selectFrom('cases').select(['id', 'seq', 'version', 'scope_path']).orderBy('id').execute()).map((r) => ({ ...r, seq: Number(r.seq) })),
      log: (await s.db.selectFrom('change_log').select(['seq', 'entity_id', 'op']).orderBy('seq').orderBy('entity_id').execute()).map((r) => ({ ...r, seq: Number(r.seq) })),
      numbers: (await s.db.selectFrom('case_numbers').select(['case_no', 'case_id', 'kind', 'value']).orderBy('case_no').execute()).map((r) => ({ ...r, value: r.value === null ? null : Number(r.value) })),
      mutations: (await s.db.selectFrom('mutations').select(['mutation_id', 'status', 'seq']).orderBy('mutation_id').execute()).map((r) => [Number(r.mutation_id), r.status, r.seq === null ? null : Number(r.seq)]),
      audited: (await s.db.selectFrom('audit_events').select(['action', 'case_id']).where('action', 'like', 'case.%').orderBy('seq').execute()).map((r) => `${r.action} ${r.case_id}`),
      audit: await verifyAudit(s.db),
    });
    // (k3's party has k1's name: its name row breaks this index after its case row, number and audit row were written)
    const failK3 = (s: Store) => sql`create unique index probe_one_name on case_party_names (name_hash)`.execute(s.db);
    const silenced = async <T>(fn: () => Promise<T>): Promise<T> => {
      const original = console.error;
      console.error = () => undefined;
      try {
        return await fn();
      } finally {
        console.error = original;
      }
    };

    await failK3(store);
    const phone = await syncClient(ctx, 'grid01');
    const whole = await silenced(() => phone.push(batch));

    const other = await database.create();
    try {
      await failK3(other);
      const otherPhone = await syncClient(await createTestContext(other), 'grid01');
      const oneByOne: PushResponse['results'] = [];
      for (const m of batch) oneByOne.push(...(await silenced(() => otherPhone.push([m]))).results);
      const answer = (rs: typeof oneByOne) => rs.map((r) => [r.id, r.status, r.code ?? null, r.seq ?? null]);
      expect(answer(whole.results)).toEqual(answer(oneByOne));
      expect(answer(whole.results).map((r) => r[1])).toContain('rejected');
      const [a, b] = [await committed(store), await committed(other)];
      expect(a).toEqual(b);
      expect(a.audit.ok).toBe(true);
      expect(a.cases.map((c) => c.id)).toEqual(['k1', 'k2', 'k4']);
    } finally {
      await other.close();
    }
  });

  it('stays exactly-once however a batch is cut, resent and retried (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 8 }),
        // Each push: from which already-answered id it resends (0 = the next one) and how many it sends.
        fc.array(fc.record({ back: fc.nat(4), take: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 8 }),
        async (n, pushes) => {
          run++;
          const phone = await syncClient(ctx, 'grid01', `grid01-prop-${run}`);
          const batch = Array.from({ length: n }, (_, i) => ({ id: i + 1, name: 'case.create', args: withParty(`r${run}-${i}`, `名${run}-${i}`) }));
          const answered = new Map<number, unknown>();
          let next = 1;
          const send = async (from: number, take: number) => {
            const r = await phone.push(batch.slice(from - 1, from - 1 + take));
            for (const x of r.results) {
              const { data: _data, ...stored } = x;
              // A resent mutation gets exactly the answer it got the first time.
              if (answered.has(x.id)) expect(stored).toEqual(answered.get(x.id));
              else answered.set(x.id, stored);
            }
            expect(r.gap).toBeUndefined();
            next = Math.max(next, ...r.results.map((x) => x.id + 1));
          };
          for (const { back, take } of pushes) if (next <= n) await send(Math.max(1, next - back), take);
          if (next <= n) await send(next, n);
          const cases = await store.db.selectFrom('cases').select('id').where('id', 'like', `r${run}-%`).execute();
          expect(cases).toHaveLength(n);
          const logged = await store.db.selectFrom('change_log').select('entity_id').where('entity_id', 'like', `r${run}-%`).execute();
          expect(logged).toHaveLength(n);
          expect([...answered.values()].every((r) => (r as { status: string }).status === 'applied')).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
