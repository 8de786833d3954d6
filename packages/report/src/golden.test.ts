import { describe, expect, it } from 'vitest';
import { computeAnnualReport } from './compute.js';
import { countCaseRows } from './count-cases.js';
import type { ReportRows } from './rows.js';
import { makeCase, randomCaseFacts } from './test-cases.js';

const Y = 2023;
const base: Omit<ReportRows, 'accepted' | 'concluded' | 'carried'> = {
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
    expect(computeAnnualReport(countCaseRows(cases, base))).toMatchSnapshot();
  });
});
