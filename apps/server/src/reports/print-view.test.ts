import ExcelJS from 'exceljs';
import { adjustmentLines, adjustmentsSince, computeAnnualReport, countCaseRows, makeCase, randomCaseFacts, reportTables, reportText, type AnnualReport } from '@tiaojie/report';
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
    adjustmentLines: { zh: adjustmentLines(report.current, live.current, 'zh-CN'), en: adjustmentLines(report.current, live.current, 'en') },
    syncedAfterSignoff: 1,
    signoff: { nodeId: 's1', year: 2026, version: 1, signedBy: 'u1', signedByName: '张三', signedAt: '2026-12-02T16:53:00.000Z', note: '' },
    text: { zh: reportText(report, 'zh-CN'), en: reportText(report, 'en') },
    tables: { zh: reportTables(report, 'zh-CN'), en: reportTables(report, 'en') },
    canSignOff: true,
  };
}

describe('signed report exports', () => {
  it('print view ends with the unit, 负责人/制表人 lines, the date and room for the seal, and keeps row labels on one line', () => {
    const html = printViewHtml(signedView(), new Date('2026-12-05T02:00:00Z'));
    const signature = html.slice(html.indexOf('<section class="signature">'));
    expect(signature).toContain('填报单位：清河街道（盖章）');
    expect(signature).toMatch(/负责人：<i><\/i>.*制表人：<i><\/i>.*日期：2026-12-03/s);
    expect(signature).toContain('盖章处');
    expect(signature).toContain('打印日期：2026-12-05');
    expect(html).toContain('@page { size: A4;');
    expect(html).toMatch(/td:first-child \{ white-space: nowrap; \}/);
  });

  it('print view dates the sign-off in Beijing time and names each adjustment', () => {
    const html = printViewHtml(signedView());
    expect(html).toContain('签发人：张三 · 2026-12-03');
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

describe('adjustments in the exports read as on the screen', () => {
  it('print view: the late-case count, headline figures first, each rate on one line with its ratio, no numerator/denominator rows', () => {
    const view = signedView();
    const html = printViewHtml(view);
    const section = html.slice(html.indexOf('签发后调整'));
    expect(section).toContain('签发后同步（新增、修改或删除）的案件：1件');
    expect(section).not.toMatch(/分子|分母/);
    const accepted = view.report.current.accepted;
    expect(section).toContain(`<tr><td>受理</td><td class="num">${accepted}</td><td class="num">${accepted + 1}</td><td class="num">+1</td></tr>`);
    const rate = view.adjustmentLines.zh.find((l) => l.path === 'resolutionRate')!;
    expect(rate.signed).toMatch(/^\d+\.\d% \(\d+\/\d+\)$/);
    expect(section).toContain(`<tr><td>化解率</td><td class="num">${rate.signed}</td><td class="num">${rate.current}</td><td class="num">${rate.change}</td></tr>`);
    // Headline lines come before the breakdowns' heading.
    expect(section.indexOf('<td>受理</td>')).toBeLessThan(section.indexOf('分类明细'));
    expect(section.indexOf('分类明细')).toBeLessThan(section.indexOf('东湖社区 · 受理'));
  });

  it('XLSX: the same lines, labels and order as the print view', async () => {
    const view = signedView();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await annualXlsx(view, [])).buffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('汇总')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const start = rows.findIndex((r) => r[0] === '签发后调整（当前 − 已签发）');
    expect(rows[start + 1]).toEqual(['签发后同步（新增、修改或删除）的案件：1件']);
    expect(rows[start + 2]).toEqual(['指标', '已签发', '当前', '调整']);
    const lines = view.adjustmentLines.zh;
    const body = rows.slice(start + 3).filter((r) => r[0] !== '分类明细');
    expect(body.map((r) => r[0])).toEqual(lines.map((l) => l.label));
    expect(body[0]).toEqual([lines[0]!.label, lines[0]!.signed, lines[0]!.current, lines[0]!.change]);
    expect(body.map((r) => String(r[0])).filter((l) => /分子|分母/.test(l))).toEqual([]);
  });
});

describe('print view alignment', () => {
  it('right-aligns numeric headers with their cells and keeps the counting basis left', () => {
    const html = printViewHtml(signedView());
    expect(html).toContain('<th>指标</th><th class="num">2026</th><th class="num">2025</th><th>统计口径</th>');
    expect(html).toMatch(/<td>受理<\/td><td class="num">\d+<\/td><td class="num">\d+<\/td><td>受理日期在/);
  });
});
