import { describe, expect, it } from 'vitest';
import { computeAnnualReport } from './compute.js';
import { countCaseRows } from './count-cases.js';
import { numericColumns, reportTables } from './tables.js';
import { randomCaseFacts } from './test-cases.js';

describe('numericColumns', () => {
  const report = computeAnnualReport(
    countCaseRows(randomCaseFacts(200, 2023, ['c1'], 11), {
      node: { id: 's1', name: '清河街道', kind: 'subdistrict', path: '/d1/s1/' },
      year: 2023,
      children: [{ id: 'c1', name: '东湖社区', kind: 'community' }],
      activities: [],
      coverage: [],
    }),
  );
  const tables = Object.fromEntries(reportTables(report, 'zh-CN').map((t) => [t.id, t]));

  it('right-aligns the figures but not the row names or the counting basis', () => {
    expect(numericColumns(tables.summary!)).toEqual([false, true, true, false]);
  });

  it('treats rates with their ratio as numbers', () => {
    expect(numericColumns(tables.byChild!)).toEqual([false, true, true, true, true, true, true, true, true]);
    expect(numericColumns(tables.byLevel!)).toEqual([false, true, true]);
  });
});
