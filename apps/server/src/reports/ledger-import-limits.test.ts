import { createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ledgerColumns } from './ledger-format.js';
import { readLedgerFile } from './ledger-import-read.js';
import { ledgerLimits } from './ledger-limits.js';
import { readZipDirectory } from './zip-directory.js';

const MB = 1024 * 1024;
const header = ledgerColumns.map((c) => c.header).join(',');
const row = (i: number) => ledgerColumns.map((c) => (c.key === 'caseNo' ? `N-${i}` : c.key === 'gridId' ? 'g01' : c.key === 'facts' ? '事实' : '')).join(',');
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Heap growth while `fn` runs, sampled every few milliseconds (a loose bound, not a timing). */
async function peakHeapGrowth<T>(fn: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 2);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, growthMb: (peak - before) / MB };
  } finally {
    clearInterval(timer);
  }
}

/** A stored (method 8) zip entry, with the sizes it declares (which may lie). */
interface RawEntry {
  name: string;
  data: Uint8Array;
  declaredSize: number;
}

/** A minimal zip writer: enough to build pathological archives (CRCs are not checked before the refusal). */
function zip(entries: RawEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, Buffer.from(e.data));
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(e.data.length, 20);
    c.writeUInt32LE(e.declaredSize, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + e.data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, dir, end]));
}

/** Chunks deflated as a stream (the test never holds them inflated), and their total size. */
async function deflated(chunks: Iterable<Buffer>): Promise<{ data: Uint8Array; size: number }> {
  const deflate = createDeflateRaw();
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let size = 0;
  for (const chunk of chunks) {
    size += chunk.length;
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { data: new Uint8Array(Buffer.concat(out)), size };
}

async function deflatedZeros(size: number): Promise<Uint8Array> {
  const chunk = Buffer.alloc(MB);
  return (await deflated((function* () {
    for (let left = size; left > 0; left -= MB) yield left >= MB ? chunk : chunk.subarray(0, left);
  })())).data;
}

/** A minimal workbook (inline strings, no shared strings) whose sheet 台账 has the header and `rows` one-cell rows. */
async function manyRowXlsx(rows: number): Promise<Uint8Array> {
  const text = (s: string) => Buffer.from(s);
  // (the template has fewer than 26 columns: A…Y)
  const col = (i: number) => String.fromCharCode(65 + i);
  const headerCells = ledgerColumns.map((c, i) => `<c r="${col(i)}1" t="inlineStr"><is><t>${c.header}</t></is></c>`).join('');
  const sheet = await deflated((function* () {
    yield text(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${headerCells}</row>`);
    for (let r = 2; r <= rows + 1; r += 10_000) {
      let block = '';
      for (let k = r; k < Math.min(r + 10_000, rows + 2); k++) block += `<row r="${k}"><c r="A${k}" t="inlineStr"><is><t>N${k}</t></is></c></row>`;
      yield text(block);
    }
    yield text('</sheetData></worksheet>');
  })());
  const small = (xml: string) => deflated([text(xml)]);
  const parts: [string, { data: Uint8Array; size: number }][] = [
    ['[Content_Types].xml', await small('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')],
    ['_rels/.rels', await small('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')],
    ['xl/workbook.xml', await small('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')],
    ['xl/_rels/workbook.xml.rels', await small('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')],
    ['xl/worksheets/sheet1.xml', sheet],
  ];
  return zip(parts.map(([name, p]) => ({ name, data: p.data, declaredSize: p.size })));
}

async function templateXlsx(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('台账');
  sheet.addRow(ledgerColumns.map((c) => c.header));
  for (let i = 0; i < rows; i++) sheet.addRow(row(i).split(','));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('ledger file limits, checked before the work they guard', () => {
  it('refuses a 19 MB CSV of newlines by its size, before reading it', async () => {
    const bomb = new Uint8Array(19 * MB).fill(0x0a);
    const { value, growthMb } = await peakHeapGrowth(() => readLedgerFile(bomb));
    expect(value).toMatchObject({ ok: false, code: 'LEDGER_TOO_LARGE' });
    expect(growthMb).toBeLessThan(50);
  });

  it('refuses a newline bomb within the size limit by its line count, without holding its lines', async () => {
    const bomb = utf8(`${header}\n${'\n'.repeat(9 * MB)}`);
    const { value, growthMb } = await peakHeapGrowth(() => readLedgerFile(bomb));
    expect(value).toMatchObject({ ok: false, code: 'LEDGER_TOO_MANY_ROWS' });
    expect(growthMb).toBeLessThan(100);
  });

  it('refuses a CSV with more data rows than the limit, and one line of millions of commas', async () => {
    const many = utf8([header, ...Array.from({ length: ledgerLimits.maxRows + 1 }, (_, i) => row(i))].join('\n'));
    expect(many.length).toBeLessThan(ledgerLimits.maxBytes);
    expect(await readLedgerFile(many)).toMatchObject({ ok: false, code: 'LEDGER_TOO_MANY_ROWS' });
    const atLimit = utf8([header, ...Array.from({ length: ledgerLimits.maxRows }, (_, i) => row(i))].join('\n'));
    expect(await readLedgerFile(atLimit)).toMatchObject({ ok: true, rows: { length: ledgerLimits.maxRows } });
    const commas = utf8(`${header}\n${','.repeat(5 * MB)}`);
    const { value, growthMb } = await peakHeapGrowth(() => readLedgerFile(commas));
    expect(value).toMatchObject({ ok: false, code: 'LEDGER_TOO_LARGE' });
    expect(growthMb).toBeLessThan(100);
  });

  it('stops reading an XLSX with more rows than the limit', async () => {
    const bytes = await templateXlsx(300);
    expect(await readLedgerFile(bytes)).toMatchObject({ ok: true, format: 'xlsx', rows: { length: 300 } });
    expect(await readLedgerFile(bytes, { ...ledgerLimits, maxRows: 100 })).toMatchObject({ ok: false, code: 'LEDGER_TOO_MANY_ROWS' });
  });

  it('stops a 1,000,000-row XLSX at the row limit, holding no more than the limit allows', async () => {
    const small = await manyRowXlsx(5);
    expect(await readLedgerFile(small)).toMatchObject({ ok: true, format: 'xlsx', rows: { length: 5 } });
    const bytes = await manyRowXlsx(1_000_000);
    const { value, growthMb } = await peakHeapGrowth(() => readLedgerFile(bytes));
    expect(value).toMatchObject({ ok: false, code: 'LEDGER_TOO_MANY_ROWS' });
    expect(growthMb).toBeLessThan(150);
  });

  it('refuses an XLSX whose parts unpack beyond the limit from its directory, before inflating anything', async () => {
    const good = await templateXlsx(3);
    const dir = readZipDirectory(good, 100);
    expect(dir.ok && dir.entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
    // A sheet of 1,000,000 rows is ~100+ MB of XML; a huge extra part is the same threat. 200 MB of zeros deflates to ~200 KB.
    const huge = await deflatedZeros(200 * MB);
    const bomb = zip([{ name: 'xl/media/huge.bin', data: huge, declaredSize: 200 * MB }]);
    const { value, growthMb } = await peakHeapGrowth(() => readLedgerFile(bomb));
    expect(value).toMatchObject({ ok: false, code: 'LEDGER_TOO_LARGE' });
    expect(growthMb).toBeLessThan(30);
  });

  it('refuses an XLSX whose part inflates beyond the size it declares, without holding it', async () => {
    const huge = await deflatedZeros(150 * MB);
    const liar = zip([{ name: 'xl/sharedStrings.xml', data: huge, declaredSize: 1000 }]);
    const { value, growthMb } = await peakHeapGrowth(() => readLedgerFile(liar));
    expect(value).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(growthMb).toBeLessThan(30);
  });

  it('refuses an XLSX of too many parts', async () => {
    const parts = Array.from({ length: ledgerLimits.maxZipEntries + 1 }, (_, i) => ({ name: `x/${i}`, data: new Uint8Array([3, 0]), declaredSize: 0 }));
    expect(await readLedgerFile(zip(parts))).toMatchObject({ ok: false, code: 'LEDGER_TOO_LARGE' });
  });

  it('answers any damaged XLSX with rows or a refusal, never an exception', async () => {
    const good = await templateXlsx(20);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
        const bytes = good.slice();
        for (const [at, value] of flips) bytes[at] = value;
        const read = await readLedgerFile(bytes);
        expect(read.ok || ['VALIDATION_FAILED', 'LEDGER_TOO_LARGE', 'LEDGER_TOO_MANY_ROWS'].includes(read.code)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
