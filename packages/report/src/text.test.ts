import { describe, expect, it } from 'vitest';
import { computeAnnualReport } from './compute.js';
import { countCaseRows, type CaseFact } from './count-cases.js';
import { formatPercent, rate } from './rate.js';
import { reportTables } from './tables.js';
import { makeCase } from './test-cases.js';
import { reportText } from './text.js';

const Y = 2021;

function wangjingYear(): CaseFact[] {
  const cases: CaseFact[] = [];
  for (let i = 0; i < 954; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    cases.push(
      makeCase({
        id: `m${i}`,
        child: i % 2 ? 'c1' : 'c2',
        type: i % 3 ? 'property_management' : 'neighbour',
        acceptedOn: `${Y}-${month}-03`,
        concludedOn: `${Y}-${month}-20`,
        outcome: i < 951 ? 'success' : 'failed',
        resolvedLevel: i % 4 ? 'community' : 'grid',
        body: 'community_committee',
      }),
    );
  }
  // Withdrawn cases are concluded but not mediated: they must not dilute the rate.
  for (let i = 0; i < 5; i++) {
    cases.push(makeCase({ id: `w${i}`, acceptedOn: `${Y}-06-01`, concludedOn: `${Y}-06-02`, outcome: 'withdrawn', body: 'grid_worker', resolvedLevel: 'grid' }));
  }
  return cases;
}

const rowsBase = {
  node: { id: 's1', name: '望京街道', kind: 'subdistrict' as const, path: '/d1/s1/' },
  year: Y,
  children: [
    { id: 'c1', name: '花家地西里社区', kind: 'community' as const },
    { id: 'c2', name: '宝星社区', kind: 'community' as const },
  ],
  activities: [{ year: Y, kind: 'screening', count: 204, participants: 0, disputesFound: 960 }],
  coverage: [{ year: Y, grids: 25, gridWorkers: 25, activeGridWorkers: 24 }],
};

describe('report text', () => {
  it('writes Chinese with full-width punctuation (，；：（）), in the paragraph, the basis and every table', () => {
    const report = computeAnnualReport(countCaseRows(wangjingYear(), rowsBase));
    const zh = reportText(report, 'zh-CN');
    const tables = reportTables(report, 'zh-CN');
    const texts = [zh.paragraph, ...zh.basis, ...tables.flatMap((t) => [t.title, t.note ?? '', ...t.columns, ...t.rows.flatMap((r) => r.map(String))])];
    const halfWidth = /[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]|\([^()]*[\u4e00-\u9fff][^()]*\)/;
    expect(texts.filter((t) => halfWidth.test(t))).toEqual([]);
    expect(zh.paragraph).toContain('上年结转');
    expect(zh.paragraph).toMatch(/件，上年结转\d+件/);
  });

  it('names the specialised committees’ part as the seeds do', () => {
    const cases: CaseFact[] = [];
    const add = (n: number, body: string, type: string) => {
      for (let i = 0; i < n; i++) {
        cases.push(makeCase({ id: `${body}${i}`, type, acceptedOn: `${Y}-05-01`, concludedOn: `${Y}-05-10`, outcome: 'success', resolvedLevel: 'district', body }));
      }
    };
    add(351, 'court_linked', 'contract');
    add(424, 'traffic', 'traffic');
    add(10, 'grid_worker', 'neighbour');
    const report = computeAnnualReport(countCaseRows(cases, rowsBase));
    expect(reportText(report, 'zh-CN').paragraph).toContain('其中，诉调委调解成功案件351件，交调委调解成功道路交通事故纠纷424件。');
    expect(reportText(report, 'en').paragraph).toContain('Of these, specialised committees settled 351 (court-linked mediation committee), 424 (traffic accident mediation committee).');
  });

  it('writes the seed sentence: 954 mediated, 951 succeeded, 99.7%', () => {
    const report = computeAnnualReport(countCaseRows(wangjingYear(), rowsBase));
    const zh = reportText(report, 'zh-CN');
    expect(zh.paragraph).toContain('全年调解各类纠纷954件，调解成功951件，成功率99.7%');
    expect(zh.paragraph).toContain('951');
    expect(zh.paragraph).toContain('954');
    expect(zh.paragraph).toContain('开展矛盾纠纷排查204次，排查出矛盾纠纷960件');
    expect(zh.paragraph).toContain('辖区划分25个网格');
    expect(zh.basis.join('')).toContain('当事人撤回、不予受理不计入调解数');
    // Organisations as parties: the basis says how group-dispute counts treat them.
    expect(zh.basis.join('')).toContain('当事人为单位');
    const en = reportText(report, 'en');
    expect(en.basis.join(' ')).toContain('organisation');
    expect(en.paragraph).toContain('success rate of 99.7%, 951 of 954.');
    // No rate in brackets inside brackets.
    expect(en.paragraph).not.toMatch(/\([^()]*\(/);
    expect(en.paragraph).toContain('204 × dispute screening round (0 participants, 960 disputes found)');
  });

  it('every table total equals the headline figure', () => {
    const report = computeAnnualReport(countCaseRows(wangjingYear(), rowsBase));
    const tables = reportTables(report);
    const byType = tables.find((t) => t.id === 'byType')!;
    const last = byType.rows.at(-1)!;
    expect(last[1]).toBe(959);
    expect(byType.rows.slice(0, -1).reduce((s, r) => s + Number(r[1]), 0)).toBe(959);
    expect(byType.rows).toHaveLength(16);
    for (const t of tables) if (t.drill) expect(t.drill).toHaveLength(t.rows.length);
  });

  it('rounds to one decimal like the seeds and never divides by zero', () => {
    expect(formatPercent(rate(951, 954))).toBe('99.7%');
    expect(formatPercent(rate(1, 8))).toBe('12.5%');
    expect(formatPercent(rate(2, 3))).toBe('66.7%');
    expect(formatPercent(rate(154, 154))).toBe('100.0%');
    expect(formatPercent(rate(0, 0))).toBe('—');
  });
});
