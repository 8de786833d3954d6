import ExcelJS from 'exceljs';
import { decodeCsv, parseCsv } from './csv-read.js';
import { ledgerColumns, type LedgerKey } from './ledger-format.js';

/** A data row of an imported ledger: its line as the spreadsheet numbers it, and each known column as text. */
export interface LedgerSheetRow {
  line: number;
  cells: Partial<Record<LedgerKey, string>>;
}

export type LedgerFileResult =
  | { ok: true; format: 'xlsx' | 'csv'; rows: LedgerSheetRow[] }
  | { ok: false; message: string };

/** Columns without which no row can become a case (the grid may be named by id or by name). */
export const requiredLedgerKeys: readonly LedgerKey[] = ['type', 'source', 'acceptedOn', 'facts'];

/** Headers compare without spaces and with half-width brackets, so "协议金额(元)" matches "协议金额 (元)". */
const normalizeHeader = (h: string) => h.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
const keyOfHeader = new Map<string, LedgerKey>(
  ledgerColumns.flatMap((c) => [[normalizeHeader(c.header), c.key] as const, [normalizeHeader(c.key), c.key] as const]),
);

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Reads an XLSX workbook (sheet 台账, else the first) or a CSV file, recognised by its bytes, into rows. */
export async function readLedgerFile(bytes: Uint8Array): Promise<LedgerFileResult> {
  if (bytes.length === 0) return { ok: false, message: '文件为空' };
  if (isZip(bytes)) {
    let lines: { line: number; cells: string[] }[];
    try {
      lines = await xlsxLines(bytes);
    } catch {
      return { ok: false, message: '无法读取该 XLSX 文件，请用模板另存后重试' };
    }
    return toRows('xlsx', lines);
  }
  // A CSV never starts with other binary magic; an .xls (OLE) file is the usual mistake.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) return { ok: false, message: '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV' };
  return toRows('csv', parseCsv(decodeCsv(bytes)).map((r) => ({ line: r.line, cells: r.cells.map(csvCellText) })));
}

/** The export prefixes a cell starting with = + - @ by ' so spreadsheets do not evaluate it; undo that. */
function csvCellText(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

async function xlsxLines(bytes: Uint8Array): Promise<{ line: number; cells: string[] }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = wb.getWorksheet('台账') ?? wb.worksheets[0];
  if (!sheet) return [];
  const lines: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(xlsxCellText(row.getCell(i).value));
    lines.push({ line: row.number, cells });
  });
  return lines;
}

/** Plain text of any ExcelJS cell value; dates typed in Excel come back as YYYY-MM-DD. */
export function xlsxCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return xlsxCellText((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
}

function toRows(format: 'xlsx' | 'csv', lines: { line: number; cells: string[] }[]): LedgerFileResult {
  // The header is the first of the leading lines that names at least three ledger columns (a title may precede it).
  const headerIndex = lines.slice(0, 5).findIndex((l) => l.cells.filter((c) => keyOfHeader.has(normalizeHeader(c))).length >= 3);
  if (headerIndex < 0) return { ok: false, message: '未找到表头行，请使用台账导入模板（第一行为列名）' };
  const columns = lines[headerIndex]!.cells.map((c) => keyOfHeader.get(normalizeHeader(c)));
  const present = new Set(columns.filter((k): k is LedgerKey => k !== undefined));
  const missing = requiredLedgerKeys.filter((k) => !present.has(k));
  if (!present.has('gridId') && !present.has('gridName')) missing.unshift('gridId');
  if (missing.length > 0) {
    const headers = missing.map((k) => ledgerColumns.find((c) => c.key === k)!.header);
    return { ok: false, message: `缺少必需的列：${headers.join('、')}` };
  }
  const rows: LedgerSheetRow[] = [];
  for (const l of lines.slice(headerIndex + 1)) {
    const cells: Partial<Record<LedgerKey, string>> = {};
    l.cells.forEach((text, i) => {
      const key = columns[i];
      if (key && cells[key] === undefined) cells[key] = text.trim();
    });
    if (Object.values(cells).every((v) => v === '')) continue;
    rows.push({ line: l.line, cells });
  }
  return { ok: true, format, rows };
}
