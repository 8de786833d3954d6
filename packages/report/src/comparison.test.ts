import { describe, expect, it } from 'vitest';
import { compareWithSigned, computeAnnualReport } from './compute.js';
import { countCaseRows, type CaseFact } from './count-cases.js';
import type { ReportRows } from './rows.js';
import { reportTables } from './tables.js';
import { makeCase } from './test-cases.js';
import { reportText } from './text.js';

const rowsOf = (year: number): Omit<ReportRows, 'accepted' | 'concluded' | 'carried' | 'prevention'> => ({
  node: { id: 's1', name: '清河街道', kind: 'subdistrict', path: '/d1/s1/' },
  year,
  children: [{ id: 'c1', name: '东湖社区', kind: 'community' }],
  activities: [],
  coverage: [],
});

/** `n` cases accepted and mediated successfully in `year`. */
const yearOf = (year: number, n: number, prefix = `y${year}`): CaseFact[] =>
  Array.from({ length: n }, (_, i) =>
    makeCase({ id: `${prefix}-${i}`, acceptedOn: `${year}-03-0${(i % 9) + 1}`, concludedOn: `${year}-04-01`, outcome: 'success', resolvedLevel: 'grid', body: 'grid_worker' }),
  );

describe('comparison with a signed-off previous year', () => {
  // 2024 signed with 56 accepted; a late case synced afterwards makes the live 2024 figure 57.
  const signed2024 = computeAnnualReport(countCaseRows(yearOf(2024, 56), rowsOf(2024)));
  const late = makeCase({ id: 'late', acceptedOn: '2024-12-30' });
  const cases = [...yearOf(2024, 56), late, ...yearOf(2025, 60)];

  it('compares with the signed figures, not the live ones, and says so in the counting basis', () => {
    const live = computeAnnualReport(countCaseRows(cases, rowsOf(2025)));
    expect(live.previous.accepted).toBe(57);
    const report = compareWithSigned(live, { figures: signed2024.current, version: 1, signedAt: '2025-01-05T02:00:00.000Z' });
    expect(report.previous.accepted).toBe(56);
    expect(report.changes.accepted).toMatchObject({ current: 60, previous: 56, delta: 4 });
    // The year's own figures stay live: the late case is open at the end of 2024, so it is carried over.
    expect(report.current.carriedOver).toBe(1);
    const zh = reportText(report, 'zh-CN');
    expect(zh.paragraph).toContain('与2024年相比，受理纠纷增加4件');
    expect(zh.basis.join('')).toContain('2024年数字取自该年度已签发报告（第1版，2025-01-05签发）');
    const en = reportText(report, 'en');
    expect(en.paragraph).toContain('Compared with 2024, accepted disputes were up 4');
    expect(en.basis.join(' ')).toContain("use that year's signed report (version 1, signed 2025-01-05)");
    const summary = reportTables(report).find((t) => t.id === 'summary')!;
    expect(summary.rows[0]!.slice(0, 3)).toEqual(['受理', 60, 56]);
  });

  it('says the comparison rests on live figures when the previous year is not signed off', () => {
    const report = computeAnnualReport(countCaseRows(cases, rowsOf(2025)));
    expect(reportText(report, 'zh-CN').basis.join('')).toContain('2024年数字按相同口径以当前数据计算');
  });

  it('refuses figures of another year', () => {
    const live = computeAnnualReport(countCaseRows(cases, rowsOf(2025)));
    expect(() => compareWithSigned(live, { figures: live.current, version: 1, signedAt: '2026-01-05T02:00:00.000Z' })).toThrow();
  });
});

describe('no previous-year data', () => {
  it('makes no comparison with a year in which nothing was accepted or concluded', () => {
    const report = computeAnnualReport(countCaseRows(yearOf(2025, 22), rowsOf(2025)));
    expect(report.previous).toMatchObject({ accepted: 0, concluded: 0 });
    const zh = reportText(report, 'zh-CN');
    expect(zh.paragraph).not.toContain('与2024年相比');
    expect(zh.paragraph).not.toContain('增加22件');
    expect(zh.basis.join('')).toContain('2024年无受理、办结案件，不与上年比较');
    const en = reportText(report, 'en');
    expect(en.paragraph).not.toContain('Compared with 2024');
    expect(en.paragraph).not.toContain('up 22');
    expect(en.basis.join(' ')).toContain('2024 has no accepted or concluded cases');
  });

  it('still compares when the previous year only concluded cases', () => {
    const carried = makeCase({ id: 'old', acceptedOn: '2023-12-01', concludedOn: '2024-01-10', outcome: 'withdrawn', resolvedLevel: 'grid', body: 'grid_worker' });
    const report = computeAnnualReport(countCaseRows([carried, ...yearOf(2025, 3)], rowsOf(2025)));
    expect(reportText(report, 'zh-CN').paragraph).toContain('与2024年相比，受理纠纷增加3件');
  });
});
