import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CsvLimitError, streamCsv } from './csv-read.js';
import { ledgerColumns, type LedgerKey } from './ledger-format.js';
import { ledgerLimits, refusals, type LedgerLimits, type LedgerRefusal } from './ledger-limits.js';
import { inflatesWithinDeclared, readZipDirectory } from './zip-directory.js';

/** A data row of an imported ledger: its line as the spreadsheet numbers it, and each known column as text. */
export interface LedgerSheetRow {
  line: number;
  cells: Partial<Record<LedgerKey, string>>;
}

export type LedgerFileResult = { ok: true; format: 'xlsx' | 'csv'; rows: LedgerSheetRow[] } | ({ ok: false } & LedgerRefusal);

/** Columns without which no row can become a case (the grid may be named by id or by name). */
export const requiredLedgerKeys: readonly LedgerKey[] = ['type', 'source', 'acceptedOn', 'facts'];

/** Headers compare without spaces and with half-width brackets, so "协议金额(元)" matches "协议金额 (元)". */
const normalizeHeader = (h: string) => h.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
const keyOfHeader = new Map<string, LedgerKey>(
  ledgerColumns.flatMap((c) => [[normalizeHeader(c.header), c.key] as const, [normalizeHeader(c.key), c.key] as const]),
);

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const invalid = (message: string): { ok: false } & LedgerRefusal => ({ ok: false, code: 'VALIDATION_FAILED', message });
const refused = (r: LedgerRefusal): { ok: false } & LedgerRefusal => ({ ok: false, ...r });
const HEADER_SEARCH_LINES = 5;

/** Stops a streamed read early with the refusal it stands for. */
class Refused extends Error {
  constructor(readonly refusal: { ok: false } & LedgerRefusal) {
    super(refusal.message);
  }
}

/**
 * Reads an XLSX workbook (sheet 台账, else the first) or a CSV file, recognised by its bytes, into rows — streamed,
 * checked against `limits` before each step's work: the byte size first, an XLSX's declared (and actual) part sizes
 * before it is parsed, rows and cells as they are read, so memory never holds more than the limits allow.
 */
export async function readLedgerFile(bytes: Uint8Array, limits: LedgerLimits = ledgerLimits): Promise<LedgerFileResult> {
  if (bytes.length === 0) return invalid('文件为空');
  if (bytes.length > limits.maxBytes) return refused(refusals.fileTooLarge(limits));
  const collector = createRowCollector(limits);
  try {
    if (isZip(bytes)) {
      const checked = await checkXlsxSizes(bytes, limits);
      if (checked) return checked;
      try {
        await streamXlsxLines(bytes, limits, collector.add);
      } catch (e) {
        if (e instanceof Refused) throw e;
        return invalid('无法读取该 XLSX 文件，请用模板另存后重试');
      }
      return collector.finish('xlsx');
    }
    // A CSV never starts with other binary magic; an .xls (OLE) file is the usual mistake.
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf) return invalid('不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV');
    try {
      await streamCsv(bytes, { maxRecords: limits.maxLines, maxCells: limits.maxColumns, maxCellChars: limits.maxCellChars }, (r) =>
        collector.add(r.line, r.cells.map(csvCellText)),
      );
    } catch (e) {
      if (!(e instanceof CsvLimitError)) throw e;
      const which = { records: refusals.tooManyLines, cells: refusals.tooManyColumns, cellChars: refusals.cellTooLong }[e.limit];
      return refused(which(limits));
    }
    return collector.finish('csv');
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    throw e;
  }
}

/** The declared sizes from the zip's directory (nothing inflated), then that no part inflates beyond its declared size. */
async function checkXlsxSizes(bytes: Uint8Array, limits: LedgerLimits): Promise<LedgerFileResult | undefined> {
  const dir = readZipDirectory(bytes, limits.maxZipEntries);
  if (!dir.ok) return dir.reason === 'unreadable' ? invalid('无法读取该 XLSX 文件，请用模板另存后重试') : refused(refusals.unpackedTooLarge(limits));
  const total = dir.entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes) return refused(refusals.unpackedTooLarge(limits));
  for (const entry of dir.entries) {
    if (!(await inflatesWithinDeclared(bytes, entry))) return invalid('无法读取该 XLSX 文件，请用模板另存后重试');
  }
  return undefined;
}

/** The export prefixes a cell starting with = + - @ by ' so spreadsheets do not evaluate it; undo that. */
function csvCellText(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Rows of the sheet 台账 (else the first sheet) through exceljs's streaming reader: one row in memory at a time. */
async function streamXlsxLines(bytes: Uint8Array, limits: LedgerLimits, add: (line: number, cells: string[]) => void): Promise<void> {
  const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    let index = 0;
    for await (const sheet of reader) {
      const names = ((reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? []).map((s) => s.name);
      const name = (sheet as unknown as { name?: string }).name;
      const wanted = names.includes('台账') ? name === '台账' : index === 0;
      index++;
      if (!wanted) continue;
      let read = 0;
      for await (const row of sheet) {
        if (row.cellCount > limits.maxColumns) throw new Refused(refused(refusals.tooManyColumns(limits)));
        const cells: string[] = [];
        for (let i = 1; i <= row.cellCount; i++) {
          const text = xlsxCellText(row.getCell(i).value);
          if (text.length > limits.maxCellChars) throw new Refused(refused(refusals.cellTooLong(limits)));
          cells.push(text);
        }
        if (cells.some((c) => c !== '')) add(row.number, cells);
        if (++read > limits.maxLines) throw new Refused(refused(refusals.tooManyLines(limits)));
        // The reader parses from memory without waiting for I/O: let other requests in now and then.
        if (read % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      return;
    }
  } finally {
    input.destroy();
  }
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

/**
 * Collects rows as they are read: finds the header among the first lines (a title may precede it), then keeps each
 * non-blank data row by column key, refusing as soon as there are more rows than the limit.
 */
function createRowCollector(limits: LedgerLimits) {
  const leading: { line: number; cells: string[] }[] = [];
  let columns: (LedgerKey | undefined)[] | undefined;
  const rows: LedgerSheetRow[] = [];
  const isHeader = (cells: string[]) => cells.filter((c) => keyOfHeader.has(normalizeHeader(c))).length >= 3;
  const addData = (line: number, cells: string[]) => {
    const row: Partial<Record<LedgerKey, string>> = {};
    cells.forEach((text, i) => {
      const key = columns![i];
      if (key && row[key] === undefined) row[key] = text.trim();
    });
    if (Object.values(row).every((v) => v === '')) return;
    if (rows.length >= limits.maxRows) throw new Refused(refused(refusals.tooManyRows(limits)));
    rows.push({ line, cells: row });
  };
  return {
    add(line: number, cells: string[]) {
      if (columns) return addData(line, cells);
      if (isHeader(cells)) {
        columns = cells.map((c) => keyOfHeader.get(normalizeHeader(c)));
        const missing = missingColumns(columns);
        if (missing) throw new Refused(missing);
        return;
      }
      leading.push({ line, cells });
      if (leading.length >= HEADER_SEARCH_LINES) throw new Refused(invalid('未找到表头行，请使用台账导入模板（第一行为列名）'));
    },
    finish(format: 'xlsx' | 'csv'): LedgerFileResult {
      if (!columns) return invalid('未找到表头行，请使用台账导入模板（第一行为列名）');
      return { ok: true, format, rows };
    },
  };
}

/** The refusal of a header without the columns every row needs (checked before any row is read). */
function missingColumns(columns: (LedgerKey | undefined)[]): ({ ok: false } & LedgerRefusal) | undefined {
  const present = new Set(columns.filter((k): k is LedgerKey => k !== undefined));
  const missing = requiredLedgerKeys.filter((k) => !present.has(k));
  if (!present.has('gridId') && !present.has('gridName')) missing.unshift('gridId');
  if (missing.length === 0) return undefined;
  const headers = missing.map((k) => ledgerColumns.find((c) => c.key === k)!.header);
  return invalid(`缺少必需的列：${headers.join('、')}`);
}
