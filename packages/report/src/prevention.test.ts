import { describe, expect, it } from 'vitest';
import { adjustmentLines, adjustmentsSince } from './adjustments.js';
import { compareWithSigned, computeAnnualReport } from './compute.js';
import { countCaseRows, type CaseFact } from './count-cases.js';
import type { AnnualReport, YearFigures } from './figures.js';
import { noStatsPrevention } from './stats-test-cases.js';
import { reportTables } from './tables.js';
import { makeCase } from './test-cases.js';
import { reportText } from './text.js';

const Y = 2023;
const base = {
  node: { id: 's1', name: '清河街道', kind: 'subdistrict' as const, path: '/d1/s1/' },
  year: Y,
  children: [{ id: 'c1', name: '东湖社区', kind: 'community' as const }],
  activities: [],
  coverage: [],
};
const prevention = (p: Partial<NonNullable<CaseFact['prevention']>>): CaseFact['prevention'] => ({ ...noStatsPrevention, ...p });
const cases = [
  makeCase({ id: 'a', acceptedOn: `${Y}-03-01`, prevention: prevention({ disputes: 1, suicide: 1, suicidePeople: 3 }) }),
  makeCase({ id: 'b', acceptedOn: `${Y}-05-01`, concludedOn: `${Y}-05-09`, outcome: 'success', preventedCriminal: true, prevention: prevention({ criminal: 1, criminalPeople: 4 }) }),
  makeCase({ id: 'c', acceptedOn: `${Y - 1}-05-01`, prevention: prevention({ fight: 1, fightPeople: 20 }) }),
];
const screening = { [Y]: { screeningRounds: 12, prevDisputes: 153 } };
const report = computeAnnualReport(countCaseRows(cases, base, screening));

/** A stored report as signed before the annual report carried prevention outcomes. */
const withoutPrevention = (f: YearFigures): YearFigures => {
  const { prevention: _p, ...rest } = f;
  return rest;
};
const signedBefore = (r: AnnualReport): AnnualReport => JSON.parse(JSON.stringify({ ...r, current: withoutPrevention(r.current), previous: withoutPrevention(r.previous) })) as AnnualReport;

const summaryOf = (r: AnnualReport, locale: 'zh-CN' | 'en' = 'zh-CN') => reportTables(r, locale).find((t) => t.id === 'summary')!;
const rowOf = (r: AnnualReport, label: string, locale: 'zh-CN' | 'en' = 'zh-CN') => summaryOf(r, locale).rows.find((row) => row[0] === label);

describe('prevention outcomes in the annual report', () => {
  it('are rows of 主要指标 with the counting basis, both years', () => {
    const summary = summaryOf(report);
    expect(rowOf(report, '排查纠纷（次）')).toEqual(['排查纠纷（次）', 12, 0, expect.stringContaining('与统计报表同一口径')]);
    expect(rowOf(report, '预防纠纷（件）')?.slice(0, 3)).toEqual(['预防纠纷（件）', 154, 0]);
    expect(rowOf(report, '防止民间纠纷引起自杀（件）')?.slice(0, 3)).toEqual(['防止民间纠纷引起自杀（件）', 1, 0]);
    expect(rowOf(report, '防止民间纠纷引起自杀（人）')?.slice(0, 3)).toEqual(['防止民间纠纷引起自杀（人）', 3, 0]);
    expect(rowOf(report, '防止民间纠纷转化为刑事案件（人）')?.slice(0, 3)).toEqual(['防止民间纠纷转化为刑事案件（人）', 4, 0]);
    expect(rowOf(report, '防止群体性械斗（人）')?.slice(0, 3)).toEqual(['防止群体性械斗（人）', 0, 20]);
    // One definition per table: the concluded cases' flags (防止民转刑) are no longer a second row beside them.
    expect(rowOf(report, '防止民转刑')).toBeUndefined();
    expect(summary.drill).toHaveLength(summary.rows.length);
    expect(rowOf(report, 'Disputes prevented (cases)', 'en')?.slice(0, 3)).toEqual(['Disputes prevented (cases)', 154, 0]);
    expect(rowOf(report, 'Suicide prevented (people)', 'en')?.slice(0, 3)).toEqual(['Suicide prevented (people)', 3, 0]);
  });

  it('are said in the paragraph as the seeds say them, in full-width punctuation, and in English', () => {
    expect(reportText(report, 'zh-CN').paragraph).toContain('预防纠纷154件，防止民间纠纷引起自杀1件3人，防止民间纠纷转化为刑事案件1件4人。');
    expect(reportText(report, 'zh-CN').paragraph).not.toContain('防止群体性上访');
    expect(reportText(report, 'zh-CN').basis.join('')).toContain('排查');
    expect(reportText(report, 'en').paragraph).toContain(
      'Prevention: 154 disputes were prevented; 1 case (3 people) kept from turning into suicide; 1 case (4 people) kept from turning into a criminal case.',
    );
  });

  it('say nothing in the paragraph when nothing was prevented', () => {
    const none = computeAnnualReport(countCaseRows([makeCase({ id: 'x', acceptedOn: `${Y}-03-01` })], base));
    expect(reportText(none, 'zh-CN').paragraph).not.toMatch(/预防纠纷|防止/);
    expect(reportText(none, 'en').paragraph).not.toContain('Prevention');
    expect(rowOf(none, '预防纠纷（件）')?.slice(0, 3)).toEqual(['预防纠纷（件）', 0, 0]);
  });
});

describe('a report signed before it carried prevention outcomes', () => {
  const signed = signedBefore(report);

  it('reads as it was signed: its own two rows, sentence and basis', () => {
    expect(rowOf(signed, '防止民转刑')?.slice(0, 3)).toEqual(['防止民转刑', 1, 0]);
    expect(rowOf(signed, '预防纠纷（件）')).toBeUndefined();
    expect(summaryOf(signed).drill).toHaveLength(summaryOf(signed).rows.length);
    const zh = reportText(signed, 'zh-CN');
    expect(zh.paragraph).toContain('防止民间纠纷转化为刑事案件1件，防止群体性上访0件。');
    expect(zh.paragraph).not.toContain('预防纠纷');
    expect(zh.basis.join('')).not.toContain('预防效果');
    expect(reportText(signed, 'en').paragraph).toContain('1 disputes were kept from turning criminal');
  });

  it('shows no adjustment for figures it did not record, but does once they were', () => {
    expect(adjustmentsSince(signed.current, report.current)).toEqual([]);
    expect(adjustmentLines(signed.current, report.current, 'zh-CN')).toEqual([]);
    const more = computeAnnualReport(countCaseRows(cases, base, { [Y]: { screeningRounds: 13, prevDisputes: 153 } }));
    expect(adjustmentsSince(report.current, more.current)).toEqual([{ path: 'prevention.screeningRounds', locked: 12, current: 13, delta: 1 }]);
    expect(adjustmentLines(report.current, more.current, 'zh-CN').map((l) => l.label)).toEqual(['排查纠纷（次）']);
  });

  it('as the previous year compared with, shows its prevention figures as not recorded', () => {
    const next = computeAnnualReport(countCaseRows(cases, { ...base, year: Y + 1 }, { [Y + 1]: { screeningRounds: 3 } }));
    const compared = compareWithSigned(next, { figures: signed.current, version: 1, signedAt: '2024-01-10T02:00:00.000Z' });
    expect(rowOf(compared, '排查纠纷（次）')?.slice(0, 3)).toEqual(['排查纠纷（次）', 3, '—']);
    expect(rowOf(compared, '预防纠纷（件）')?.slice(0, 3)).toEqual(['预防纠纷（件）', 0, '—']);
  });
});
