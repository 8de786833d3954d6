import { toShanghaiDate } from '@tiaojie/domain';
import { numericColumns, type ReportTable } from '@tiaojie/report';
import { adjustmentSheetRows } from './adjustment-rows.js';
import type { AnnualView } from './report-service.js';

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Numeric columns are right-aligned, header and cells alike; names and the counting basis stay left. */
const cell = (tag: 'th' | 'td', value: string | number, numeric: boolean | undefined) =>
  `<${tag}${numeric ? ' class="num"' : ''}>${esc(value)}</${tag}>`;

function tableHtml(t: ReportTable): string {
  const numeric = numericColumns(t);
  const head = `<tr>${t.columns.map((c, j) => cell('th', c, numeric[j])).join('')}</tr>`;
  const body = t.rows
    .map((r, i) => `<tr${i === t.rows.length - 1 && String(r[0]).match(/^(合计|Total)$/) ? ' class="total"' : ''}>${r.map((c, j) => cell('td', c, numeric[j])).join('')}</tr>`)
    .join('');
  const note = t.note ? `<p class="note">统计口径：${esc(t.note)}</p>` : '';
  return `<section><h2>${esc(t.title)}</h2><table><thead>${head}</thead><tbody>${body}</tbody></table>${note}</section>`;
}

function adjustmentsHtml(view: AnnualView): string {
  const adj = adjustmentSheetRows(view);
  if (!adj) return '';
  const head = `<tr>${adj.columns.map((c, j) => cell('th', c, j > 0)).join('')}</tr>`;
  const body = adj.rows
    .map((r) =>
      r.heading
        ? `<tr class="total"><td colspan="4">${esc(String(r.cells[0]))}</td></tr>`
        : `<tr>${r.cells.map((c, j) => cell('td', c, j > 0)).join('')}</tr>`,
    )
    .join('');
  const late = adj.late ? `<p class="note">${esc(adj.late)}</p>` : '';
  return `<section><h2>${esc(adj.title)}</h2>${late}<table><thead>${head}</thead><tbody>${body}</tbody></table></section>`;
}

/**
 * Where the unit signs and seals the page: who is responsible, who drew it up, the date, and room for the seal.
 * The lines stay blank to be signed by hand; a signed-off report names its version and sign-off date above them.
 */
function signatureHtml(view: AnnualView, printedOn: string): string {
  const signed = view.status === 'signed' && view.signoff ? toShanghaiDate(new Date(view.signoff.signedAt)) : '';
  return `<section class="signature">
<p>填报单位：${esc(view.report.node.name)}（盖章）</p>
<div class="lines"><span>负责人：<i></i></span><span>制表人：<i></i></span><span>日期：${signed ? esc(signed) : '<i></i>'}</span></div>
<div class="seal">盖章处</div>
<p class="printed">打印日期：${esc(printedOn)}</p>
</section>`;
}

/** A self-contained A4 page (no scripts, inline style only) that prints as the report's appendix. */
export function printViewHtml(view: AnnualView, now: Date = new Date()): string {
  const r = view.report;
  const printedOn = toShanghaiDate(now);
  const status =
    view.status === 'signed' && view.signoff
      ? `已签发 第${view.signoff.version}版 · 签发人：${esc(view.signoff.signedByName)} · ${toShanghaiDate(new Date(view.signoff.signedAt))}`
      : `草稿（未签发） · 生成于${esc(printedOn)}`;
  const adjustments = adjustmentsHtml(view);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(r.node.name)}${r.year}年矛盾纠纷化解工作统计</title>
<style>
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 10.5pt; color: #000; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; }
p.status { text-align: center; color: #444; margin: 0 0 5mm; }
p.text { text-indent: 2em; line-height: 1.8; text-align: justify; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; font-size: 9.5pt; }
th.num, td.num { text-align: right; white-space: nowrap; }
/* Row labels such as "其中：调解成功" stay on one line. */
th:first-child, td:first-child { white-space: nowrap; }
tr.total td { font-weight: bold; }
p.note, ol.basis { font-size: 8.5pt; color: #333; }
section { break-inside: avoid-page; }
.signature { margin-top: 12mm; position: relative; min-height: 45mm; padding-right: 48mm; break-inside: avoid; }
.signature .lines { display: flex; flex-wrap: wrap; gap: 4mm 8mm; margin-top: 6mm; }
.signature .lines i { display: inline-block; width: 25mm; border-bottom: 0.5pt solid #000; }
.signature .seal { position: absolute; right: 5mm; top: 0; width: 40mm; height: 40mm; border: 0.5pt dashed #888; border-radius: 50%; color: #888; display: flex; align-items: center; justify-content: center; font-size: 9pt; }
.signature .printed { font-size: 8.5pt; color: #333; margin-top: 8mm; }
@media screen { body { padding: 10mm; } }
</style></head>
<body>
<h1>${esc(r.node.name)}${r.year}年矛盾纠纷化解工作统计</h1>
<p class="status">${status}</p>
<section><h2>一、总体情况</h2><p class="text">${esc(view.text.zh.paragraph)}</p>
<h2>统计口径</h2><ol class="basis">${view.text.zh.basis.map((b) => `<li>${esc(b)}</li>`).join('')}</ol></section>
${view.tables.zh.map(tableHtml).join('\n')}
${adjustments}
${signatureHtml(view, printedOn)}
</body></html>`;
}
