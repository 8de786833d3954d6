import type { ReportTable } from '@tiaojie/report';
import { ledgerColumns, type LedgerRecord } from './ledger-format.js';

export const CSV_TYPE = 'text/csv; charset=utf-8';
/** Excel opens UTF-8 CSV correctly only with a byte-order mark. */
const BOM = '\uFEFF';

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never evaluates a cell as a formula. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: (string | number)[]) => cells.map(csvCell).join(',');

export function tablesCsv(tables: ReportTable[], paragraph: string): string {
  const out: string[] = [];
  for (const t of tables) {
    out.push(line([t.title]), line(t.columns), ...t.rows.map(line));
    if (t.note) out.push(line([`统计口径：${t.note}`]));
    out.push('');
  }
  out.push(line(['报告文字']), line([paragraph]));
  return BOM + out.join('\r\n') + '\r\n';
}

export function ledgerCsv(rows: LedgerRecord[]): string {
  const out = [line(ledgerColumns.map((c) => c.header)), ...rows.map((r) => line(ledgerColumns.map((c) => r[c.key])))];
  return BOM + out.join('\r\n') + '\r\n';
}
