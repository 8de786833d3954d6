import type { ReportTable } from '@tiaojie/report';
import { adjustmentSheetRows, signoffStatusLine } from './adjustment-rows.js';
import { ledgerColumns, type LedgerRecord } from './ledger-format.js';
import type { AnnualView } from './report-service.js';

export const CSV_TYPE = 'text/csv; charset=utf-8';
/** Excel opens UTF-8 CSV correctly only with a byte-order mark. */
const BOM = '\uFEFF';

/**
 * RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never evaluates a cell as a formula. A
 * signed plain number (an adjustment's '-1') is no formula and stays as it is.
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[+-]\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: (string | number)[]) => cells.map(csvCell).join(',');

function tableLines(tables: ReportTable[], paragraph: string): string[] {
  const out: string[] = [];
  for (const t of tables) {
    out.push(line([t.title]), line(t.columns), ...t.rows.map(line));
    if (t.note) out.push(line([`统计口径：${t.note}`]));
    out.push('');
  }
  out.push(line(['报告文字']), line([paragraph]));
  return out;
}

export function tablesCsv(tables: ReportTable[], paragraph: string): string {
  return BOM + tableLines(tables, paragraph).join('\r\n') + '\r\n';
}

/**
 * The annual report as CSV says what the XLSX and the print view say: whether it is signed and which version,
 * and for a signed year the adjustments since (the same rows, from the same lines the screen shows).
 */
export function annualCsv(view: AnnualView): string {
  const out = [line([`${view.report.node.name}${view.report.year}年矛盾纠纷化解工作统计`]), line([signoffStatusLine(view)]), ''];
  out.push(...tableLines(view.tables.zh, view.text.zh.paragraph));
  const adjustments = adjustmentSheetRows(view);
  if (adjustments) {
    out.push('', line([adjustments.title]));
    if (adjustments.late) out.push(line([adjustments.late]));
    out.push(line([...adjustments.columns]), ...adjustments.rows.map((r) => line(r.cells)));
  }
  return BOM + out.join('\r\n') + '\r\n';
}

export function ledgerCsv(rows: LedgerRecord[]): string {
  const out = [line(ledgerColumns.map((c) => c.header)), ...rows.map((r) => line(ledgerColumns.map((c) => r[c.key])))];
  return BOM + out.join('\r\n') + '\r\n';
}
