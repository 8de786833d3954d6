import { describe, expect, it } from 'vitest';
import { decodeCsv, parseCsv } from './csv-read.js';
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
