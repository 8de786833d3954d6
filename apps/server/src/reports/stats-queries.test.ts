import { computeMediationStats, countStatsRows, parseStatsPeriod, statsYearCases, type MediationStats } from '@tiaojie/report';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, sqliteReaderOf, type Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { findNode } from '../org/index.js';
import { seedDemoOrg } from '../seed/index.js';
import { insertStoredCases } from './case-rows.js';
import { drillStatsCell, loadStatsInput } from './stats-queries.js';
import { insertDemoCommittees, insertScreeningRound, storedStatsCase } from './stats-test-support.js';

const YEAR = 2025;
const cell = (s: MediationStats, table: string, row: string, column: string) => {
  const t = s.tables.find((x) => x.key === table)!;
  return t.rows.find((r) => r.key === row)!.cells[t.columns.findIndex((c) => c.key === column)];
};

/** A SQLite file: the tables are read on its connection and on its read-only one in a worker thread at once. */
const sqliteFile = {
  name: 'a SQLite file (two connections)',
  async create(): Promise<Store> {
    const dir = await mkdtemp(join(tmpdir(), 'tiaojie-stats-'));
    const store = await createDatabase({ sqliteFile: join(dir, 'tiaojie.sqlite') });
    return { ...store, close: () => store.close().then(() => rm(dir, { recursive: true, force: true })) };
  },
};

describe.each([...testDatabases(), sqliteFile])('statistics tables on $name', (database) => {
  let store: Store;
  const facts = statsYearCases(YEAR, ['cc1', 'cs1', 'ct1', null]);
  beforeEach(async () => {
    store = await database.create();
    await seedDemoOrg(store);
    await insertDemoCommittees(store.db);
    // The year before and after must not count.
    const outside = statsYearCases(YEAR - 1, ['cc1']).slice(0, 30).map((c) => ({ ...c, id: `old-${c.id}` }));
    await insertStoredCases(store.db, [...facts, ...outside].map((c, i) => storedStatsCase(c, i)));
    await insertStoredCases(store.db, [{ ...storedStatsCase(facts[3]!, 0), id: 'gone', deleted: true }]);
    for (let m = 1; m <= 12; m++) await insertScreeningRound(store.db, `r${m}`, `g0${(m % 9) + 1}`, `${YEAR}-${String(m).padStart(2, '0')}-10`, m === 6 ? { prev_disputes: 2, prev_fight: 1, prev_fight_people: 40 } : {});
    await insertScreeningRound(store.db, 'r-old', 'g01', `${YEAR - 1}-12-31`);
  });
  afterEach(async () => store.close());

  it('a generated year gives its known totals, equal to counting case by case', async () => {
    const node = (await findNode(store.db, 's1'))!;
    const period = parseStatsPeriod(`${YEAR}`)!;
    expect(sqliteReaderOf(store.db) !== undefined).toBe(database === sqliteFile);
    const input = await loadStatsInput(store.db, node, period);
    const s = computeMediationStats(input);
    expect(cell(s, 'types', '_total', 'type.all.accepted')).toBe(360);
    expect(cell(s, 'types', '_total', 'type.all.mediated')).toBe(288);
    expect(cell(s, 'types', '_total', 'type.all.succeeded')).toBe(252);
    expect(cell(s, 'types', 'cc1', 'type.all.succeeded')).toBe(54);
    expect(cell(s, 'sources', '_total', 'source.referral.accepted')).toBe(256);
    expect(cell(s, 'agreements', '_total', 'agreement.amount')).toBe(252_000);
    expect(cell(s, 'agreements', '_total', 'performance.partial')).toBe(84);
    expect(cell(s, 'agreements', '_total', 'court.confirmed')).toBe(36);
    expect(cell(s, 'people', '_total', 'people.parties')).toBe(760);
    expect(cell(s, 'people', '_total', 'people.groupPeople')).toBe(180);
    expect(cell(s, 'prevention', '_total', 'prevention.rounds')).toBe(12);
    expect(cell(s, 'prevention', '_total', 'prevention.disputes')).toBe(32);
    expect(cell(s, 'prevention', '_total', 'prevention.suicide.people')).toBe(36);
    expect(cell(s, 'prevention', '_total', 'prevention.fight.people')).toBe(40);
    expect(cell(s, 'organisations', '_total', 'org.committees')).toBe(4);
    expect(cell(s, 'organisations', '_total', 'org.fullTime')).toBe(3);
    expect(cell(s, 'organisations', '_total', 'org.partTime')).toBe(2);
    expect(cell(s, 'organisations', 'specialised', 'org.mediators')).toBe(1);
    const reference = computeMediationStats({ ...input, rows: countStatsRows(facts, period.from, period.to) });
    expect(s).toEqual(reference);
  });

  it('quarters and months add up to the year, and the district sums its sub-districts', async () => {
    const s1 = (await findNode(store.db, 's1'))!;
    const total = async (node: typeof s1, id: string) => cell(computeMediationStats(await loadStatsInput(store.db, node, parseStatsPeriod(id)!)), 'types', '_total', 'type.all.succeeded');
    const quarters = await Promise.all([1, 2, 3, 4].map((q) => total(s1, `${YEAR}-Q${q}`)));
    expect(quarters.reduce((a, b) => a! + b!, 0)).toBe(252);
    expect(await total(s1, `${YEAR}-03`)).toBe(18);
    expect(await total((await findNode(store.db, 'd1'))!, `${YEAR}`)).toBe(252);
    // A community lists the sub-district's committees only for the cases they handled there.
    const c1 = (await findNode(store.db, 'c1'))!;
    const community = computeMediationStats(await loadStatsInput(store.db, c1, parseStatsPeriod(`${YEAR}`)!));
    expect(community.tables[0]!.rows.map((r) => r.key)).toEqual(['cc1', 'ct1', 'cs1', '_none', '_total']);
    expect(cell(community, 'organisations', '_total', 'org.committees')).toBe(1);
  });

  it('a period that is not whole months counts by its days, as case by case', async () => {
    // parseStatsPeriod gives whole months only, which the queries select by month alone; any other span keeps its days.
    const s1 = (await findNode(store.db, 's1'))!;
    const period = { ...parseStatsPeriod(`${YEAR}-Q2`)!, from: `${YEAR}-04-10`, to: `${YEAR}-06-17` };
    const input = await loadStatsInput(store.db, s1, period);
    const s = computeMediationStats(input);
    expect(s).toEqual(computeMediationStats({ ...input, rows: countStatsRows(facts, period.from, period.to) }));
    const whole = computeMediationStats(await loadStatsInput(store.db, s1, parseStatsPeriod(`${YEAR}-Q2`)!));
    expect(cell(s, 'types', '_total', 'type.all.accepted')).toBeLessThan(cell(whole, 'types', '_total', 'type.all.accepted')!);
  });

  it('a case concluded in another month, quarter or year than it was accepted counts in each period as case by case', async () => {
    // Shifted copies of the generated year: concluded 1, 40 and 400 days after acceptance (so in the next month,
    // quarter or year, and one from the year before into this one), and one concluded before it was accepted (data
    // as a ledger may bring it).
    const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const crossing = facts.slice(0, 120).flatMap((c, i) => {
      if (!c.concludedOn) return [];
      const accepted = i % 4 === 0 ? `${YEAR - 1}-12-${String(20 + (i % 10)).padStart(2, '0')}` : c.acceptedOn;
      const days = [1, 40, 400, -20][i % 4]!;
      return [{ ...c, id: `x-${c.id}`, acceptedOn: accepted, concludedOn: shift(i % 4 === 0 ? `${YEAR}-01-0${1 + (i % 9)}` : c.concludedOn, i % 4 === 0 ? 0 : days) }];
    });
    await insertStoredCases(store.db, crossing.map((c, i) => storedStatsCase(c, i + 7)));
    // Every live case with its community, as beforeEach and this test stored them.
    const outside = statsYearCases(YEAR - 1, ['cc1']).slice(0, 30).map((c) => ({ ...c, id: `old-${c.id}` }));
    const stored = [...[...facts, ...outside].map((c, i) => [c, storedStatsCase(c, i)] as const), ...crossing.map((c, i) => [c, storedStatsCase(c, i + 7)] as const)];
    const all = stored.map(([c]) => c);
    const s1 = (await findNode(store.db, 's1'))!;
    const d1 = (await findNode(store.db, 'd1'))!;
    const c1 = (await findNode(store.db, 'c1'))!;
    let concludedElsewhere = 0;
    for (const id of [`${YEAR}`, `${YEAR}-Q1`, `${YEAR}-Q2`, `${YEAR}-Q4`, `${YEAR}-01`, `${YEAR}-03`, `${YEAR}-04`, `${YEAR}-12`, `${YEAR + 1}`, `${YEAR - 1}-12`]) {
      const period = parseStatsPeriod(id)!;
      for (const node of [s1, d1]) {
        const input = await loadStatsInput(store.db, node, period);
        const reference = computeMediationStats({ ...input, rows: countStatsRows(all, period.from, period.to) });
        expect(computeMediationStats(input), `${node.id} ${id}`).toEqual(reference);
      }
      // A community reads no covering index: the same rows from the table.
      const community = await loadStatsInput(store.db, c1, period);
      const inCommunity = stored.filter(([, row]) => row.communityId === 'c1').map(([c]) => c);
      expect(computeMediationStats(community), `c1 ${id}`).toEqual(computeMediationStats({ ...community, rows: countStatsRows(inCommunity, period.from, period.to) }));
      concludedElsewhere += all.filter((c) => c.concludedOn && c.concludedOn >= period.from && c.concludedOn <= period.to && (c.acceptedOn < period.from || c.acceptedOn > period.to)).length;
    }
    expect(concludedElsewhere).toBeGreaterThan(100);
  });

  it('every cell of the case tables drills down to cases whose values add up to it', async () => {
    const node = (await findNode(store.db, 's1'))!;
    const period = parseStatsPeriod(`${YEAR}-Q2`)!;
    const input = await loadStatsInput(store.db, node, period);
    const s = computeMediationStats(input);
    let checked = 0;
    for (const table of s.tables.filter((t) => t.key !== 'organisations')) {
      for (const row of table.rows.filter((r) => r.key !== '_rounds')) {
        for (const [i, column] of table.columns.entries()) {
          if (column.key === 'prevention.rounds') continue;
          const rounds = table.rows.find((r) => r.key === '_rounds');
          const expected = row.cells[i]! - (row.key === '_total' && rounds ? rounds.cells[i]! : 0);
          const drill = await drillStatsCell(store.db, node, period, column.key, row.key, input.committees);
          expect(drill, `${table.key} ${row.key} ${column.key}`).not.toBeNull();
          expect(drill!.total, `${table.key} ${row.key} ${column.key}`).toBeCloseTo(expected, 2);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    const drill = await drillStatsCell(store.db, node, period, 'type.neighbour.accepted', 'cc1', input.committees);
    expect(drill!.cases.every((c) => c.type === 'neighbour' && c.committeeId === 'cc1')).toBe(true);
  });
});
