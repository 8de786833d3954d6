import { caseSources, disputeTypes, riskLevels } from '@tiaojie/domain';
import { computeAnnualReport, type ReportRows } from '@tiaojie/report';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { reportRollupCodes, reportRollupFill, reportRollupTables } from '../db/migrations/025-report-rollup.js';
import { testDatabases } from '../db/test-databases.js';
import { findNode, insertNode } from '../org/index.js';
import { insertStoredCases, storedCaseToRow, type StoredCaseFact } from './case-rows.js';
import { generateCases, generateDistrictNodes, type DistrictSpec } from './generate-district.js';
import { loadReportRows } from './report-queries.js';
import { replayCaseChanges } from './rollup-test-support.js';

describe('the report rollup columns', () => {
  it('have a column for every code of the domain lists (a new code needs a migration adding its column)', () => {
    expect([...reportRollupCodes.types].sort()).toEqual([...disputeTypes.codes].sort());
    expect([...reportRollupCodes.sources].sort()).toEqual([...caseSources.codes].sort());
    expect([...reportRollupCodes.risks].sort()).toEqual([...riskLevels.codes].sort());
  });
});

const spec: DistrictSpec = { districtId: 'd1', subdistricts: 2, communitiesPerSubdistrict: 3, gridsPerCommunity: 2, firstYear: 2021, lastYear: 2024 };
const pool: StoredCaseFact[] = [...generateCases(spec, 300, 300, 7)].flat();

/** A change to one case, as a correction, a reopening, a transfer, a deletion or a purge could make it. */
const change = fc.oneof(
  fc.record({ op: fc.constant('edit' as const), at: fc.nat(pool.length - 1), field: fc.nat(11), from: fc.nat(pool.length - 1) }),
  fc.record({ op: fc.constantFrom('delete' as const, 'restore' as const, 'purge' as const, 'touch' as const), at: fc.nat(pool.length - 1) }),
);

/** The case with one group of counted fields taken from another generated case (`b`). */
function edited(c: StoredCaseFact, field: number, b: StoredCaseFact): StoredCaseFact {
  const conclusion = ['concludedOn', 'outcome', 'resolvedLevel', 'body', 'agreementForm', 'agreementAmount', 'courtConfirmation', 'followUpCount'] as const;
  const take = (...keys: (keyof StoredCaseFact)[]) => ({ ...c, ...Object.fromEntries(keys.map((k) => [k, b[k]])) });
  switch (field) {
    case 0: return take(...conclusion);
    case 1: return { ...c, concludedOn: null, outcome: null, resolvedLevel: null, body: null, agreementForm: null, agreementAmount: 0, courtConfirmation: null, followUpCount: 0 };
    case 2: return take('type');
    case 3: return take('source');
    case 4: return take('risk');
    case 5: return take('isGroup', 'peopleInvolved');
    case 6: return take('acceptedOn');
    case 7: return take('agreementForm', 'agreementAmount', 'courtConfirmation');
    case 8: return take('followUpCount');
    case 9: return take('preventedCriminal', 'preventedPetition');
    case 10: return c.concludedOn && b.concludedOn ? take('concludedOn') : c;
    default: return take('gridId', 'communityId', 'subdistrictId'); // transferred to another grid
  }
}

/** The rows in one order, amounts to the cent (the cases' sum adds floats, the rollup's is exact). */
function comparable(rows: ReportRows) {
  const byKey = <T>(xs: T[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    ...rows,
    accepted: byKey(rows.accepted),
    concluded: byKey(rows.concluded.map((r) => ({ ...r, agreementAmount: Math.round(r.agreementAmount * 100) }))),
    carried: byKey(rows.carried),
    prevention: byKey(rows.prevention),
  };
}

const postgres = testDatabases().find((d) => d.name === 'postgres');

// PostgreSQL only (SQLite keeps no rollup); skipped when TEST_DATABASE_URL is not set.
describe.skipIf(!postgres)('the annual report rollup on PostgreSQL', () => {
  let store: Store;
  beforeAll(async () => {
    store = await postgres!.create();
    await store.db.transaction().execute(async (trx) => {
      for (const [i, n] of generateDistrictNodes(spec).entries()) await insertNode(trx, { ...n, sortOrder: i });
    });
  });
  afterAll(async () => store.close());

  it('follows every insert, correction, transfer, deletion, restore and purge: the report equals reading the live cases', async () => {
    const nodes = [(await findNode(store.db, 'd1'))!, (await findNode(store.db, 's1'))!, (await findNode(store.db, 's2'))!];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 25 }), async (changes) => {
        // Each run starts empty: by TRUNCATE or by DELETE, both of which the rollup must follow.
        await sql.raw(run++ % 2 === 0 ? 'truncate cases' : 'delete from cases').execute(store.db);
        const cases = new Map(pool.map((c) => [c.id, c]));
        await insertStoredCases(store.db, pool);
        await replayCaseChanges(store.db, cases, changes, {
          idAt: (at) => pool[at]!.id,
          next: (now, ch) => (ch.op === 'edit' ? edited(now, ch.field, pool[ch.from]!) : { ...now, deleted: ch.op === 'delete' ? true : ch.op === 'restore' ? false : now.deleted }),
          rowOf: storedCaseToRow,
        });
        for (const node of nodes) {
          for (const year of [2022, 2023, 2024]) {
            const fromRollup = await loadReportRows(store.db, node, year);
            const fromCases = await loadReportRows(store.db, node, year, { readCases: true });
            expect(comparable(fromRollup), `${node.id} ${year}`).toEqual(comparable(fromCases));
            expect(computeAnnualReport(fromRollup).current).toEqual(computeAnnualReport(fromCases).current);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('reads counts from the rollup, not the cases', async () => {
    await sql`truncate cases`.execute(store.db);
    await insertStoredCases(store.db, pool);
    const d1 = (await findNode(store.db, 'd1'))!;
    const before = await loadReportRows(store.db, d1, 2023);
    expect(before.accepted.length).toBeGreaterThan(10);
    // The rollup emptied by hand (the cases stay): the report now counts nothing, so it read the rollup.
    for (const table of reportRollupTables) await sql.raw(`delete from ${table}`).execute(store.db);
    const after = await loadReportRows(store.db, d1, 2023);
    expect(after.accepted).toEqual([]);
    expect(after.concluded).toEqual([]);
    expect(after.carried).toEqual([]);
    expect((await loadReportRows(store.db, d1, 2023, { readCases: true })).accepted.length).toBe(before.accepted.length);
  });

  it('is filled from the cases already stored when the migration runs', async () => {
    await sql`truncate cases`.execute(store.db);
    await insertStoredCases(store.db, pool);
    // The migration's own fill, run again on what the triggers built: the same rows.
    const counted = (table: string) => sql.raw(`select * from ${table} where n <> 0 order by 1, 2, 3, 4, 5, 6, 7`);
    const kept = await Promise.all(reportRollupTables.map(async (t) => (await counted(t).execute(store.db)).rows));
    for (const table of reportRollupTables) await sql.raw(`delete from ${table}`).execute(store.db);
    for (const fill of reportRollupFill) await sql.raw(fill).execute(store.db);
    for (const [i, table] of reportRollupTables.entries()) expect((await counted(table).execute(store.db)).rows, table).toEqual(kept[i]);
    expect(kept[0]!.length).toBeGreaterThan(100);
  });
});
