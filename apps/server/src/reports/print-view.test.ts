import ExcelJS from 'exceljs';
import { adjustmentsSince, computeAnnualReport, countCaseRows, makeCase, randomCaseFacts, reportTables, reportText, type AnnualReport } from '@tiaojie/report';
import { describe, expect, it } from 'vitest';
import { annualXlsx } from './export-xlsx.js';
import { printViewHtml } from './print-view.js';
import type { AnnualView } from './report-service.js';

const rows = {
  node: { id: 's1', name: '清河街道', kind: 'subdistrict' as const, path: '/d1/s1/' },
  year: 2026,
  children: [{ id: 'c1', name: '东湖社区', kind: 'community' as const }],
  activities: [],
  coverage: [],
};

/** A report signed at 00:53 Beijing time on 3 December (16:53 UTC the day before), with one late case since. */
function signedView(): AnnualView {
  const cases = randomCaseFacts(50, 2026, ['c1'], 5);
  const report: AnnualReport = computeAnnualReport(countCaseRows(cases, rows));
  const late = makeCase({ id: 'late', child: 'c1', acceptedOn: '2026-11-30' });
  const live = computeAnnualReport(countCaseRows([...cases, late], rows));
  return {
    status: 'signed',
    report,
    live,
    adjustments: adjustmentsSince(report.current, live.current),
    signoff: { nodeId: 's1', year: 2026, version: 1, signedBy: 'u1', signedByName: '张三', signedAt: '2026-12-02T16:53:00.000Z', note: '' },
    text: { zh: reportText(report, 'zh-CN'), en: reportText(report, 'en') },
    tables: { zh: reportTables(report, 'zh-CN'), en: reportTables(report, 'en') },
    canSignOff: true,
  };
}

describe('signed report exports', () => {
  it('print view dates the sign-off in Beijing time and names each adjustment', () => {
    const html = printViewHtml(signedView());
    expect(html).toContain('签发人:张三 · 2026-12-03');
    expect(html).toContain('<td>东湖社区 · 受理</td><td class="num">');
    expect(html).toContain('<td>11月 · 受理</td>');
    expect(html).not.toMatch(/<td>(byChild|byMonth|byType)\./);
  });

  it('XLSX summary dates the sign-off in Beijing time and names each adjustment under headers', async () => {
    const wb = new ExcelJS.Workbook();
    // A copy in a plain ArrayBuffer, the type ExcelJS's load accepts.
    await wb.xlsx.load(new Uint8Array(await annualXlsx(signedView(), [])).buffer);
    const cells = wb.getWorksheet('汇总')!.getColumn(1).values.map(String);
    expect(cells).toContain('已签发 第1版 · 张三 · 2026-12-03');
    expect(cells).toContain('指标');
    expect(cells).toContain('东湖社区 · 受理');
    expect(cells.some((c) => c.startsWith('byChild.'))).toBe(false);
  });
});

describe('print view alignment', () => {
  it('right-aligns numeric headers with their cells and keeps the counting basis left', () => {
    const html = printViewHtml(signedView());
    expect(html).toContain('<th>指标</th><th class="num">2026</th><th class="num">2025</th><th>统计口径</th>');
    expect(html).toMatch(/<td>受理<\/td><td class="num">\d+<\/td><td class="num">\d+<\/td><td>受理日期在/);
  });
});
