import ExcelJS from 'exceljs';
import type { MediationStats, StatsTable } from '@tiaojie/report';
import { adjustmentSheetRows, signoffStatusLine, type SignedViewLike } from './adjustment-rows.js';
import { csvCell } from './export-csv.js';

/** The sign-off lines of a statistics table (填报单位, 填报日期, 负责人, 制表人); blank ones are signed by hand. */
export interface StatsSignature {
  reportDate: string;
  head: string;
  preparer: string;
}

const cellText = (t: StatsTable, i: number, n: number) => (t.columns[i]?.money ? n.toFixed(2) : String(n));

/** Header rows of a table: the groups (a type, 接受委托移送) above their columns when there are any, then the titles. */
function headerRows(t: StatsTable): string[][] {
  const titles = ['调解组织', ...t.columns.map((c) => c.title)];
  if (!t.columns.some((c) => c.group)) return [titles];
  return [['', ...t.columns.map((c) => c.group ?? '')], titles];
}

const metaLines = (s: MediationStats, sig: StatsSignature, v: SignedViewLike) => [
  `填报单位：${s.unit.name}`,
  `统计期间：${s.periodLabel}（${s.period.from} 至 ${s.period.to}）`,
  `填报日期：${sig.reportDate}`,
  signoffStatusLine(v),
];
/** Under every table: how many grids filed nil reports and how many did not report (so 0 is told from missing). */
const footnoteLine = (s: MediationStats) => (s.footnote ? `注：${s.footnote.text}` : '');
const signLine = (sig: StatsSignature) => `负责人：${sig.head || '        '}    制表人：${sig.preparer || '        '}`;

/** One sheet per table, laid out as the paper form: title, unit and period, the table, then who signs it. */
export async function statsXlsx(s: MediationStats, sig: StatsSignature, v: SignedViewLike): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tiaojie';
  wb.created = new Date(0);
  for (const t of s.tables) {
    const sheet = wb.addWorksheet(t.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ''));
    const width = t.columns.length + 1;
    sheet.columns = [{ width: 30 }, ...t.columns.map(() => ({ width: 12 }))];
    const title = sheet.addRow([t.title]);
    title.font = { bold: true, size: 15 };
    title.alignment = { horizontal: 'center' };
    sheet.mergeCells(title.number, 1, title.number, Math.max(width, 2));
    for (const m of metaLines(s, sig, v)) sheet.addRow([m]);
    const headers = headerRows(t);
    for (const h of headers) {
      const row = sheet.addRow(h);
      row.font = { bold: true };
      row.alignment = { wrapText: true, horizontal: 'center', vertical: 'middle' };
      row.eachCell((c) => {
        c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
        c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
      });
    }
    if (headers.length === 2) {
      // Merge each run of one group heading across its columns.
      const groupRow = sheet.lastRow!.number - 1;
      for (let i = 0; i < t.columns.length; ) {
        const g = t.columns[i]!.group;
        let j = i + 1;
        while (g && j < t.columns.length && t.columns[j]!.group === g) j++;
        if (g && j - i > 1) sheet.mergeCells(groupRow, i + 2, groupRow, j + 1);
        i = j;
      }
    }
    for (const r of t.rows) {
      const row = sheet.addRow([r.node && !r.label.startsWith(r.node) ? `${r.label}（${r.node}）` : r.label, ...r.cells]);
      if (r.key === '_total') row.font = { bold: true };
      t.columns.forEach((c, i) => {
        if (c.money) row.getCell(i + 2).numFmt = '0.00';
      });
      row.eachCell((c) => {
        c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
      });
    }
    if (s.footnote) sheet.addRow([footnoteLine(s)]);
    sheet.addRow([]);
    sheet.addRow([signLine(sig)]);
    sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 5 + headers.length }];
  }
  const adj = adjustmentSheetRows(v);
  if (adj) {
    const sheet = wb.addWorksheet('签发后调整');
    sheet.columns = [{ width: 60 }, { width: 12 }, { width: 12 }, { width: 12 }];
    sheet.addRow([adj.title]).font = { bold: true };
    if (adj.late) sheet.addRow([adj.late]);
    sheet.addRow([...adj.columns]).font = { bold: true };
    for (const r of adj.rows) sheet.addRow(r.cells).font = { bold: r.heading === true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const BOM = '\uFEFF';
const line = (cells: (string | number)[]) => cells.map(csvCell).join(',');

export function statsCsv(s: MediationStats, sig: StatsSignature, v: SignedViewLike): string {
  const out: string[] = [];
  for (const t of s.tables) {
    out.push(line([t.title]), ...metaLines(s, sig, v).map((m) => line([m])));
    for (const h of headerRows(t)) out.push(line(h));
    for (const r of t.rows) out.push(line([r.label, ...r.cells.map((n, i) => cellText(t, i, n))]));
    if (s.footnote) out.push(line([footnoteLine(s)]));
    out.push(line([signLine(sig)]), '');
  }
  const adj = adjustmentSheetRows(v);
  if (adj) {
    out.push(line([adj.title]));
    if (adj.late) out.push(line([adj.late]));
    out.push(line([...adj.columns]), ...adj.rows.map((r) => line(r.cells)));
  }
  return BOM + out.join('\r\n') + '\r\n';
}

const esc = (v: string | number) => String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function tableHtml(t: StatsTable, footnote: string): string {
  const headers = headerRows(t);
  let head = '';
  if (headers.length === 2) {
    // Group headings span their columns; ungrouped columns span both header rows.
    let groups = '<th rowspan="2">调解组织</th>';
    for (let i = 0; i < t.columns.length; ) {
      const g = t.columns[i]!.group;
      let j = i + 1;
      while (g && j < t.columns.length && t.columns[j]!.group === g) j++;
      groups += g ? `<th colspan="${j - i}">${esc(g)}</th>` : `<th rowspan="2">${esc(t.columns[i]!.title)}</th>`;
      i = j;
    }
    head = `<tr>${groups}</tr><tr>${t.columns.filter((c) => c.group).map((c) => `<th>${esc(c.title)}</th>`).join('')}</tr>`;
  } else {
    head = `<tr>${headers[0]!.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  }
  const body = t.rows
    .map((r) => `<tr${r.key === '_total' ? ' class="total"' : ''}><td>${esc(r.label)}${r.node ? `<small>（${esc(r.node)}）</small>` : ''}</td>${r.cells.map((n, i) => `<td class="num">${esc(cellText(t, i, n))}</td>`).join('')}</tr>`)
    .join('');
  return `<section><h2>${esc(t.title)}</h2><table><thead>${head}</thead><tbody>${body}</tbody></table>${footnote ? `<p class="note">${esc(footnote)}</p>` : ''}</section>`;
}

/** A self-contained landscape A4 page per table set (no scripts), with the unit's sign-off lines. */
export function statsPrintHtml(s: MediationStats, sig: StatsSignature, v: SignedViewLike): string {
  const adj = adjustmentSheetRows(v);
  const adjHtml = adj
    ? `<section class="adjust"><h2>${esc(adj.title)}</h2>${adj.late ? `<p>${esc(adj.late)}</p>` : ''}<table><thead><tr>${adj.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${adj.rows
        .map((r) => (r.heading ? `<tr><td colspan="${adj.columns.length}"><b>${esc(r.cells[0] ?? '')}</b></td></tr>` : `<tr>${r.cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`))
        .join('')}</tbody></table></section>`
    : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(s.unit.name)}${esc(s.periodLabel)}人民调解统计报表</title>
<style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 9pt; color: #000; margin: 0 auto; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 3mm; }
h2 { font-size: 11pt; margin: 5mm 0 2mm; }
p.meta { display: flex; justify-content: space-between; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.5pt solid #000; padding: 0.8mm 1mm; font-size: 8pt; text-align: center; }
td:first-child { text-align: left; white-space: nowrap; }
td.num { text-align: right; }
tr.total td { font-weight: bold; }
small { color: #444; }
section { break-inside: avoid-page; }
.sign { display: flex; gap: 20mm; margin-top: 8mm; }
p.note { margin: 1mm 0 0; font-size: 8pt; }
p.status { text-align: center; margin: 0 0 2mm; }
@media screen { body { padding: 8mm; } }
</style></head>
<body>
<h1>${esc(s.unit.name)}${esc(s.periodLabel)}人民调解统计报表</h1>
<p class="status">${esc(signoffStatusLine(v))}</p>
<p class="meta"><span>填报单位：${esc(s.unit.name)}（盖章）</span><span>统计期间：${esc(s.period.from)} 至 ${esc(s.period.to)}</span><span>填报日期：${esc(sig.reportDate)}</span></p>
${s.tables.map((t) => tableHtml(t, footnoteLine(s))).join('\n')}
<div class="sign"><span>负责人：${esc(sig.head) || '＿＿＿＿＿＿'}</span><span>制表人：${esc(sig.preparer) || '＿＿＿＿＿＿'}</span></div>
${adjHtml}
</body></html>`;
}
