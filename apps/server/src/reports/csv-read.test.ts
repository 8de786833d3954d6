import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvParser, decodeCsv, parseCsv, streamCsv, type CsvRecord } from './csv-read.js';
import { ledgerCsv } from './export-csv.js';
import { readLedgerFile } from './ledger-import-read.js';
import { normalizeLedgerDate } from './ledger-import-row.js';

describe('CSV reading for the ledger import', () => {
  it('keeps quoted commas, quotes and line breaks, and numbers records by the line they start on', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\nlast,\n');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
      { line: 5, cells: ['last', ''] },
    ]);
  });

  it('reads the same records whatever the pieces the text arrives in (cut inside quotes, between CR and LF)', () => {
    const text = fc.stringMatching(/^[a,"\r\n]{0,40}$/);
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (t, cuts) => {
        const at = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...at].map((from, i) => t.slice(from, [...at, t.length][i]));
        const records: CsvRecord[] = [];
        const parser = createCsvParser({ maxRecords: Infinity, maxCells: Infinity, maxCellChars: Infinity }, (r) => records.push(r));
        pieces.forEach((p) => parser.feed(p));
        parser.end();
        expect(records).toEqual(referenceParse(t));
      }),
      { numRuns: 500 },
    );
  });

  it('streams a file larger than one slice with records across the slice boundaries, UTF-8 characters included', async () => {
    const line = (i: number) => `${i},"纠纷 ""${i}""\r\n第二行",邻里`;
    const text = Array.from({ length: 4000 }, (_, i) => line(i)).join('\r\n');
    const records: CsvRecord[] = [];
    await streamCsv(new TextEncoder().encode(`\uFEFF${text}`), { maxRecords: 10_000, maxCells: 10, maxCellChars: 100 }, (r) => records.push(r));
    expect(records).toEqual(parseCsv(text));
    expect(records).toHaveLength(4000);
    expect(records[3999]).toEqual({ line: 7999, cells: ['3999', '纠纷 "3999"\r\n第二行', '邻里'] });
  });

  it('reads UTF-8 with a BOM and falls back to GB18030, as Excel saves CSV on Chinese Windows', () => {
    expect(decodeCsv(new TextEncoder().encode('\uFEFF纠纷类型'))).toBe('纠纷类型');
    // 邻里 in GB18030
    expect(decodeCsv(new Uint8Array([0xc1, 0xda, 0xc0, 0xef]))).toBe('邻里');
  });

  it('reads back what the ledger export writes, undoing its formula guard', async () => {
    const text = ledgerCsv([
      {
        caseNo: '-1', gridId: 'g01', gridName: '东湖社区第1网格', type: '邻里', source: '主动调解', risk: '一般', isGroup: '否', peopleInvolved: 2,
        reportedOn: '2021-01-01', acceptedOn: '2021-01-02', facts: '事实, 带逗号', applicant: '', applicantPhone: '', respondent: '', respondentPhone: '',
        body: '', concludedOn: '', outcome: '', resolvedLevel: '', agreementForm: '', agreementAmount: 0, courtConfirmation: '', followUps: 0,
        preventedCriminal: '否', preventedPetition: '否',
      },
    ]);
    const read = await readLedgerFile(new TextEncoder().encode(text));
    expect(read.ok && read.rows).toEqual([expect.objectContaining({ line: 2, cells: expect.objectContaining({ caseNo: '-1', facts: '事实, 带逗号', gridId: 'g01' }) })]);
  });

  it('normalises the date spellings found in ledgers', () => {
    expect(['2023/5/3', '2023.5.3', '2023年5月3日', '2023-05-03', '45049'].map(normalizeLedgerDate)).toEqual(Array(5).fill('2023-05-03'));
    expect(normalizeLedgerDate('5/3/2023')).toBe('5/3/2023');
  });
});

/** The whole-text parser the import used before reading was streamed: the reference the incremental one must match. */
function referenceParse(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const endRecord = () => {
    cells.push(cell);
    records.push({ line: startLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      startLine = line;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || cells.length > 0 || quoted) endRecord();
  return records;
}
