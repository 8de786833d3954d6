import { describe, expect, it } from 'vitest';
import { computeAnnualReport } from './compute.js';
import { countCaseRows, type CaseFact } from './count-cases.js';
import type { YearFigures } from './figures.js';
import { preventionFigures } from './prevention.js';
import type { ReportRows } from './rows.js';
import { countStatsRows, type StatsCaseFact } from './stats-rows.js';
import { parseStatsPeriod } from './stats-period.js';
import { computeMediationStats } from './stats-tables.js';
import { noStatsPrevention } from './stats-test-cases.js';
import { makeCase, randomCaseFacts } from './test-cases.js';

const Y = 2023;
const base: Omit<ReportRows, 'accepted' | 'concluded' | 'carried' | 'prevention'> = {
  node: { id: 's1', name: '清河街道', kind: 'subdistrict', path: '/d1/s1/' },
  year: Y,
  children: [
    { id: 'c1', name: '东湖社区', kind: 'community' },
    { id: 'c2', name: '西苑社区', kind: 'community' },
  ],
  activities: [],
  coverage: [],
};

/** Cases that started long before the report years: open throughout, or concluded in each of the two years. */
const longRunning = [
  makeCase({ id: 'open-2019', child: 'c1', acceptedOn: '2019-06-01' }),
  makeCase({ id: 'done-2022', child: 'c2', acceptedOn: '2020-03-01', concludedOn: '2022-05-09', outcome: 'success', resolvedLevel: 'district', body: 'court_linked', agreementForm: 'written', agreementAmount: 1234.5, courtConfirmation: 'confirmed', followUpCount: 2 }),
  makeCase({ id: 'done-2023', child: 'c3', acceptedOn: '2021-12-31', concludedOn: '2023-01-01', outcome: 'failed', resolvedLevel: 'subdistrict', body: 'subdistrict_committee' }),
  makeCase({ id: 'done-2024', child: 'c1', acceptedOn: '2021-07-15', concludedOn: '2024-02-01', outcome: 'withdrawn', resolvedLevel: 'grid', body: 'grid_worker' }),
];

/**
 * The figures as computed before the report rows were restructured (snapshot taken from that code): any change of
 * how rows are counted or combined must leave every figure of these fixtures as it was.
 */
describe('annual report figures stay as they were', () => {
  it.each([42, 7])('random cases, seed %i, plus long-running ones and a child no longer in the tree', (seed) => {
    const cases = [...randomCaseFacts(700, Y, ['c1', 'c2', 'c3'], seed), ...longRunning];
    const report = computeAnnualReport(countCaseRows(cases, base));
    // The snapshot predates the prevention outcomes (none in these cases): every other figure must stay as it was.
    expect(report.current.prevention).toEqual(preventionFigures(undefined));
    expect(report.previous.prevention).toEqual(preventionFigures(undefined));
    const without = (f: YearFigures) => {
      const { prevention: _p, ...rest } = f;
      return rest;
    };
    expect({ ...report, current: without(report.current), previous: without(report.previous) }).toMatchSnapshot();
  });
});

const prevention = (p: Partial<NonNullable<CaseFact['prevention']>>): CaseFact['prevention'] => ({ ...noStatsPrevention, ...p });

/**
 * A known year of prevention outcomes, counted by hand by the statistics tables' rule: the outcomes recorded on the
 * cases accepted in the year (whenever concluded), plus those recorded on the year's screening rounds.
 */
describe('prevention outcomes of a known year', () => {
  const cases = [
    makeCase({ id: 'p1', acceptedOn: '2023-03-01', prevention: prevention({ disputes: 1, suicide: 1, suicidePeople: 3 }) }),
    makeCase({ id: 'p2', child: 'c2', acceptedOn: '2023-12-31', concludedOn: '2024-01-05', outcome: 'success', prevention: prevention({ disputes: 1, criminal: 1, criminalPeople: 4 }) }),
    // Accepted in 2022, concluded in 2023: counts in 2022, the year of its acceptance.
    makeCase({ id: 'p3', acceptedOn: '2022-06-01', concludedOn: '2023-02-01', outcome: 'success', prevention: prevention({ petition: 1, petitionPeople: 12 }) }),
    // Outside both years.
    makeCase({ id: 'p4', acceptedOn: '2024-01-01', prevention: prevention({ fight: 1, fightPeople: 30 }) }),
    makeCase({ id: 'p5', acceptedOn: '2021-12-31', prevention: prevention({ suicide: 1, suicidePeople: 2 }) }),
    // A flag on a concluded case without a prevention record: the old figures only (the server folds such flags into
    // its prevention columns when it stores the case, see prevention-columns.ts).
    makeCase({ id: 'p6', acceptedOn: '2023-04-01', concludedOn: '2023-05-01', outcome: 'success', preventedCriminal: true }),
  ];
  const screening = {
    2023: { screeningRounds: 5, prevDisputes: 150, prevSuicide: 1, prevSuicidePeople: 1 },
    2022: { screeningRounds: 2, prevFight: 1, prevFightPeople: 20 },
  };
  const report = computeAnnualReport(countCaseRows(cases, base, screening));

  it('adds the year’s cases and screening rounds', () => {
    expect(report.current.prevention).toEqual({
      screeningRounds: 5,
      disputes: 152,
      suicide: 2,
      suicidePeople: 4,
      criminal: 1,
      criminalPeople: 4,
      petition: 0,
      petitionPeople: 0,
      fight: 0,
      fightPeople: 0,
    });
    expect(report.previous.prevention).toEqual({
      screeningRounds: 2,
      disputes: 0,
      suicide: 0,
      suicidePeople: 0,
      criminal: 0,
      criminalPeople: 0,
      petition: 1,
      petitionPeople: 12,
      fight: 1,
      fightPeople: 20,
    });
    expect(report.current.prevented).toEqual({ criminal: 1, petition: 0 });
  });

  it('is the prevention table’s total of the statistics over the same cases and rounds', () => {
    const facts = cases.map(statsCaseOf);
    for (const year of [2023, 2022] as const) {
      const stats = computeMediationStats({
        unit: { id: 's1', name: '清河街道', kind: 'subdistrict' },
        period: parseStatsPeriod(String(year))!,
        committees: [],
        rows: countStatsRows(facts, `${year}-01-01`, `${year}-12-31`),
        activities: screening[year],
      });
      const table = stats.tables.find((t) => t.key === 'prevention')!;
      const total = table.rows.find((r) => r.key === '_total')!.cells;
      const figures = year === 2023 ? report.current.prevention! : report.previous.prevention!;
      expect(Object.fromEntries(table.columns.map((c, i) => [c.key, total[i]]))).toEqual({
        'prevention.rounds': figures.screeningRounds,
        'prevention.disputes': figures.disputes,
        'prevention.suicide.cases': figures.suicide,
        'prevention.suicide.people': figures.suicidePeople,
        'prevention.criminal.cases': figures.criminal,
        'prevention.criminal.people': figures.criminalPeople,
        'prevention.petition.cases': figures.petition,
        'prevention.petition.people': figures.petitionPeople,
        'prevention.fight.cases': figures.fight,
        'prevention.fight.people': figures.fightPeople,
      });
    }
  });
});

function statsCaseOf(c: CaseFact): StatsCaseFact {
  return {
    id: c.id,
    committeeId: null,
    type: c.type,
    source: c.source,
    isGroup: c.isGroup,
    peopleInvolved: c.peopleInvolved,
    partyCount: 2,
    acceptedOn: c.acceptedOn,
    concludedOn: c.concludedOn,
    outcome: c.outcome,
    agreementForm: c.agreementForm,
    agreementAmount: c.agreementAmount,
    courtConfirmation: c.courtConfirmation,
    performance: null,
    prevention: c.prevention ?? noStatsPrevention,
  };
}
