import { computeAnnualReport, countCaseRows, makeCase, randomCaseFacts, statsYearCases, type CaseFact, type ScreeningByYear } from '@tiaojie/report';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { findNode } from '../org/index.js';
import { preventionColumns } from '../cases/prevention-columns.js';
import { seedDemoOrg } from '../seed/index.js';
import { insertStoredCases, type StoredCaseFact } from './case-rows.js';
import { listChildren, loadReportRows } from './report-queries.js';
import { insertScreeningRound, storedStatsCase } from './stats-test-support.js';
import { demoGridCommunity, inDemoGrid } from './test-fixtures.js';

const YEAR = 2023;
const grids = Object.keys(demoGridCommunity);

/** A stored case's prevention as its columns read (older flags folded in, as the server stores them). */
function preventionOf(c: StoredCaseFact): CaseFact['prevention'] {
  const p = preventionColumns(c.prevention, { criminal: c.preventedCriminal, petition: c.preventedPetition, people: c.peopleInvolved });
  return {
    disputes: p.prev_disputes,
    suicide: p.prev_suicide,
    suicidePeople: p.prev_suicide_people,
    criminal: p.prev_criminal,
    criminalPeople: p.prev_criminal_people,
    petition: p.prev_petition,
    petitionPeople: p.prev_petition_people,
    fight: p.prev_fight,
    fightPeople: p.prev_fight_people,
  };
}

describe.each(testDatabases())('report queries on $name', (database) => {
  let store: Store;
  beforeEach(async () => {
    store = await database.create();
    await seedDemoOrg(store);
  });
  afterEach(async () => store.close());

  /** The figures computed from SQL equal those counted case by case in memory, at every level of the tree. */
  async function expectSqlMatchesReference(stored: StoredCaseFact[], nodeId: string, childOf: (c: StoredCaseFact) => string, screening: ScreeningByYear = {}) {
    const node = (await findNode(store.db, nodeId))!;
    const fromSql = await loadReportRows(store.db, node, YEAR);
    const facts: CaseFact[] = stored.filter((c) => !c.deleted).map((c) => ({ ...c, child: childOf(c), prevention: preventionOf(c) }));
    const reference = countCaseRows(
      facts,
      {
        node: fromSql.node,
        year: YEAR,
        children: await listChildren(store.db, node),
        activities: fromSql.activities,
        coverage: fromSql.coverage,
      },
      screening,
    );
    expect(computeAnnualReport(fromSql)).toEqual(computeAnnualReport(reference));
    return computeAnnualReport(fromSql);
  }

  it('SQL rows give the same figures as counting each case, for district, sub-district, community and grid', async () => {
    const stored = randomCaseFacts(600, YEAR, grids, 42).map((c) => inDemoGrid(c));
    stored[0]!.deleted = true;
    await insertStoredCases(store.db, stored);
    const s1 = await expectSqlMatchesReference(stored, 's1', (c) => c.communityId);
    expect(s1.current.accepted).toBeGreaterThan(50);
    expect(s1.current.byChild.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    const d1 = await expectSqlMatchesReference(stored, 'd1', (c) => c.subdistrictId);
    expect(d1.current.accepted).toBe(s1.current.accepted);
    await expectSqlMatchesReference(stored.filter((c) => c.communityId === 'c2'), 'c2', (c) => c.gridId);
    const g05 = await expectSqlMatchesReference(stored.filter((c) => c.gridId === 'g05'), 'g05', (c) => c.gridId);
    expect(g05.current.accepted).toBe(stored.filter((c) => !c.deleted && c.gridId === 'g05' && c.acceptedOn.startsWith(`${YEAR}`)).length);
  });

  it('a case accepted on 31 December and concluded in January counts in both years as the rules say', async () => {
    const c = inDemoGrid(
      makeCase({ id: 'nye', child: 'g01', acceptedOn: `${YEAR - 1}-12-31`, concludedOn: `${YEAR}-01-02`, outcome: 'success', resolvedLevel: 'grid', body: 'grid_worker' }),
    );
    await insertStoredCases(store.db, [c]);
    const r = computeAnnualReport(await loadReportRows(store.db, (await findNode(store.db, 's1'))!, YEAR));
    expect(r.previous).toMatchObject({ accepted: 1, concluded: 0, openAtYearEnd: 1 });
    expect(r.current).toMatchObject({ accepted: 0, carriedOver: 1, concluded: 1, openAtYearEnd: 0, succeeded: 1 });
  });

  it('counts grid workers as active only with a case or activity of their own in the year', async () => {
    const worker = await store.db.selectFrom('users').select('id').where('username', '=', 'grid01').executeTakeFirstOrThrow();
    await insertStoredCases(store.db, [inDemoGrid(makeCase({ id: 'a', child: 'g01', acceptedOn: `${YEAR}-04-01` }), worker.id)]);
    const r = computeAnnualReport(await loadReportRows(store.db, (await findNode(store.db, 's1'))!, YEAR));
    expect(r.current.coverage).toMatchObject({ grids: 10, gridWorkers: 10, activeGridWorkers: 1 });
    expect(r.previous.coverage.activeGridWorkers).toBe(0);
  });

  it('counts the grid’s worker, not the importer, for cases staff recorded (a ledger import)', async () => {
    const street = await store.db.selectFrom('users').select('id').where('username', '=', 'street').executeTakeFirstOrThrow();
    const grid09 = await store.db.selectFrom('users').select('id').where('username', '=', 'grid09').executeTakeFirstOrThrow();
    const imported = grids.map((g, i) => inDemoGrid(makeCase({ id: `imp${i}`, child: g, acceptedOn: `${YEAR}-05-01` }), street.id));
    // A grid worker who recorded a case in another's grid makes only themself active.
    await insertStoredCases(store.db, [...imported.slice(0, 5), inDemoGrid(makeCase({ id: 'own', child: 'g01', acceptedOn: `${YEAR}-05-01` }), grid09.id)]);
    const r = computeAnnualReport(await loadReportRows(store.db, (await findNode(store.db, 's1'))!, YEAR));
    expect(r.current.coverage.activeGridWorkers).toBe(6);
    await insertStoredCases(store.db, imported.slice(5));
    const all = computeAnnualReport(await loadReportRows(store.db, (await findNode(store.db, 's1'))!, YEAR));
    expect(all.current.coverage).toMatchObject({ grids: 10, gridWorkers: 10, activeGridWorkers: 10 });
  });

  it('prevention outcomes of a known year: the cases accepted in it and its screening rounds, at every level', async () => {
    // statsYearCases: 360 cases over the year; suicide prevented (3 people) when i % 30 = 0 (12 cases), a dispute
    // prevented when i % 12 = 0 (30); plus random cases with the older flags (防止民转刑, 防止群体性上访), one case each.
    const stats = statsYearCases(YEAR, [null]).map((c, i) => storedStatsCase(c, i));
    const previous = statsYearCases(YEAR - 1, [null]).map((c, i) => storedStatsCase({ ...c, id: `p${c.id}` }, i));
    const random = randomCaseFacts(300, YEAR, grids, 7).map((c) => inDemoGrid(c));
    await insertStoredCases(store.db, [...stats, ...previous, ...random]);
    await insertScreeningRound(store.db, 'r1', 'g01', `${YEAR}-03-05`, { prev_disputes: 150, prev_fight: 1, prev_fight_people: 20 });
    await insertScreeningRound(store.db, 'r2', 'g05', `${YEAR}-12-31`, { prev_disputes: 4 });
    await insertScreeningRound(store.db, 'r3', 'g01', `${YEAR - 1}-12-31`, { prev_disputes: 2 });
    await insertScreeningRound(store.db, 'r4', 'g01', `${YEAR + 1}-01-01`, { prev_disputes: 1000 });
    const all = [...stats, ...previous, ...random];
    const screening = { [YEAR]: { screeningRounds: 2, prevDisputes: 154, prevFight: 1, prevFightPeople: 20 }, [YEAR - 1]: { screeningRounds: 1, prevDisputes: 2 } };
    const s1 = await expectSqlMatchesReference(all, 's1', (c) => c.communityId, screening);
    const sum = (cs: StoredCaseFact[], year: number, k: keyof NonNullable<CaseFact['prevention']>) =>
      cs.filter((c) => c.acceptedOn.startsWith(`${year}`)).reduce((n, c) => n + preventionOf(c)![k], 0);
    expect(s1.current.prevention).toMatchObject({
      screeningRounds: 2,
      disputes: 154 + 30,
      suicide: 12,
      suicidePeople: 36,
      criminal: sum(random, YEAR, 'criminal'),
      petition: sum(random, YEAR, 'petition'),
      fight: 1,
      fightPeople: 20,
    });
    expect(s1.current.prevention!.criminal).toBeGreaterThan(0);
    expect(s1.previous.prevention).toMatchObject({ screeningRounds: 1, disputes: 2 + 30, suicide: 12, suicidePeople: 36, fight: 0 });
    await expectSqlMatchesReference(all, 'd1', (c) => c.subdistrictId, screening);
    // Community c1 holds g01 (r1, r3) but not g05 (r2).
    const c1Grids = grids.filter((g) => demoGridCommunity[g] === 'c1');
    expect(c1Grids).toContain('g01');
    expect(c1Grids).not.toContain('g05');
    const c1 = await expectSqlMatchesReference(all.filter((c) => c.communityId === 'c1'), 'c1', (c) => c.gridId, {
      [YEAR]: { screeningRounds: 1, prevDisputes: 150, prevFight: 1, prevFightPeople: 20 },
      [YEAR - 1]: { screeningRounds: 1, prevDisputes: 2 },
    });
    expect(c1.current.prevention!.screeningRounds).toBe(1);
  });
});
