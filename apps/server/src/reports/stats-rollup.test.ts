import { computeMediationStats, countStatsRows, parseStatsPeriod, statsYearCases, type StatsCaseFact } from '@tiaojie/report';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { findNode } from '../org/index.js';
import { seedDemoOrg } from '../seed/index.js';
import { insertStoredCases, storedCaseToRow } from './case-rows.js';
import { replayCaseChanges } from './rollup-test-support.js';
import { loadStatsInput } from './stats-queries.js';
import { insertDemoCommittees, storedStatsCase } from './stats-test-support.js';

const YEAR = 2025;
const pool = statsYearCases(YEAR, ['cc1', 'cs1', 'ct1', null]).filter((_, i) => i % 6 === 0);

/** A change to one case, as a correction, a reopening, a deletion or a purge could make it. */
const change = fc.oneof(
  fc.record({ op: fc.constant('edit' as const), at: fc.nat(pool.length - 1), field: fc.nat(13), value: fc.nat(1_000) }),
  fc.record({ op: fc.constantFrom('delete' as const, 'restore' as const, 'purge' as const, 'touch' as const), at: fc.nat(pool.length - 1) }),
);

/** The case with one counted field changed (`value` picks the new value). */
function edited(c: StatsCaseFact, field: number, value: number): StatsCaseFact {
  const pick = <T>(xs: readonly T[]) => xs[value % xs.length]!;
  const shift = (day: string) => `${YEAR + pick([-1, 0, 0, 1])}-${String((value % 12) + 1).padStart(2, '0')}-${day.slice(8)}`;
  switch (field) {
    case 0: return { ...c, outcome: pick(['success', 'failed', 'withdrawn']), concludedOn: c.concludedOn ?? `${YEAR}-06-30` };
    case 1: return { ...c, outcome: null, concludedOn: null }; // reopened
    case 2: return { ...c, committeeId: pick(['cc1', 'cs1', 'ct1', null]) };
    case 3: return { ...c, type: pick(pool.map((x) => x.type)) };
    case 4: return { ...c, source: pick(pool.map((x) => x.source)) };
    case 5: return { ...c, partyCount: 1 + (value % 5) };
    case 6: return { ...c, agreementForm: pick(['oral', 'written', null]) };
    case 7: return { ...c, performance: pick(['fulfilled', 'partial', 'unfulfilled', null]) };
    case 8: return { ...c, courtConfirmation: pick(['none', 'applied', 'confirmed', null]) };
    case 9: return { ...c, agreementAmount: value / 100 };
    case 10: return { ...c, acceptedOn: shift(c.acceptedOn) };
    case 11: return { ...c, isGroup: value % 2 === 0, peopleInvolved: 2 + (value % 30) };
    case 12: return { ...c, prevention: { ...c.prevention, disputes: value % 3, suicide: value % 2, suicidePeople: value % 2 ? 1 + (value % 4) : 0 } };
    default: return c.concludedOn ? { ...c, concludedOn: shift(c.concludedOn) } : c;
  }
}

const postgres = testDatabases().find((d) => d.name === 'postgres');

// PostgreSQL only (SQLite keeps no rollup); skipped when TEST_DATABASE_URL is not set.
describe.skipIf(!postgres)('the statistics rollup on PostgreSQL', () => {
  let store: Store;
  beforeAll(async () => {
    store = await postgres!.create();
    await seedDemoOrg(store);
    await insertDemoCommittees(store.db);
  });
  afterAll(async () => store.close());

  it('follows every insert, correction, deletion, restore and purge: the tables equal counting the live cases one by one', async () => {
    const s1 = (await findNode(store.db, 's1'))!;
    const d1 = (await findNode(store.db, 'd1'))!;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 25 }), async (changes) => {
        // Each run starts empty: by TRUNCATE or by DELETE, both of which the rollup must follow.
        await sql.raw(run++ % 2 === 0 ? 'truncate cases' : 'delete from cases').execute(store.db);
        const cases = new Map(pool.map((c) => [c.id, { fact: c, deleted: false }]));
        await insertStoredCases(store.db, pool.map((c, i) => storedStatsCase(c, i)));
        await replayCaseChanges(store.db, cases, changes, {
          idAt: (at) => pool[at]!.id,
          next: (now, ch) => (ch.op === 'edit' ? { ...now, fact: edited(now.fact, ch.field, ch.value) } : { ...now, deleted: ch.op === 'delete' ? true : ch.op === 'restore' ? false : now.deleted }),
          rowOf: (state, at) => storedCaseToRow({ ...storedStatsCase(state.fact, at), deleted: state.deleted }),
        });
        const live = [...cases.values()].filter((c) => !c.deleted).map((c) => c.fact);
        for (const id of [`${YEAR}`, `${YEAR}-Q2`, `${YEAR}-03`, `${YEAR + 1}`, `${YEAR - 1}-Q4`]) {
          const period = parseStatsPeriod(id)!;
          for (const node of [s1, d1]) {
            const input = await loadStatsInput(store.db, node, period);
            expect(computeMediationStats(input), `${node.id} ${id}`).toEqual(computeMediationStats({ ...input, rows: countStatsRows(live, period.from, period.to) }));
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('is filled from the cases already stored when the migration runs', async () => {
    // The migration's own fill, run again on what the triggers built: the same rows.
    const counted = sql`select subdistrict_id, kind, month, committee_id, type, source, bits, district_id, n, parties, multi_party, amount from stats_months where n <> 0 order by 1, 2, 3, 4, 5, 6, 7, 8`;
    await insertStoredCases(store.db, statsYearCases(YEAR, ['cc1', null]).map((c, i) => storedStatsCase({ ...c, id: `m-${c.id}` }, i)));
    const kept = (await counted.execute(store.db)).rows;
    await sql`delete from stats_months`.execute(store.db);
    const { statsRollupFill } = await import('../db/migrations/024-stats-rollup.js');
    for (const fill of statsRollupFill) await sql.raw(fill).execute(store.db);
    expect((await counted.execute(store.db)).rows).toEqual(kept);
    expect(kept.length).toBeGreaterThan(100);
  });
});
