const MB = 1024 * 1024;

export interface LedgerLimits {
  readonly maxBytes: number;
  readonly maxRows: number;
  readonly maxLines: number;
  readonly maxColumns: number;
  readonly maxCellChars: number;
  readonly maxUncompressedBytes: number;
  readonly maxZipEntries: number;
}

/**
 * What one ledger import may hold, checked before the work each limit guards: the file's bytes before it is read,
 * an XLSX's declared part sizes before anything is inflated, rows as they are streamed. A sub-district's year is a
 * few thousand cases; these leave room for several years in one file.
 */
export const ledgerLimits: LedgerLimits = {
  /** File size. */
  maxBytes: 10 * MB,
  /** Data rows (blank rows not counted). */
  maxRows: 20_000,
  /** Lines read, blank ones included (a file of empty lines is refused without being read to its end). */
  maxLines: 50_000,
  /** Cells in one row; the template has 25 columns. */
  maxColumns: 200,
  /** Characters in one cell (the longest field, 简要案情, takes 4,000). */
  maxCellChars: 20_000,
  /** XLSX: the sum of its parts' uncompressed sizes as its directory declares them (each part is also checked not to exceed its own). */
  maxUncompressedBytes: 100 * MB,
  /** XLSX: parts in the archive (an Excel workbook has about a dozen). */
  maxZipEntries: 1000,
};

/** Why a file is refused before its rows are imported: a stable code and the reason in Chinese. */
export interface LedgerRefusal {
  code: 'LEDGER_TOO_LARGE' | 'LEDGER_TOO_MANY_ROWS' | 'VALIDATION_FAILED';
  message: string;
}

const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;

export const refusals = {
  fileTooLarge: (l: LedgerLimits): LedgerRefusal => ({ code: 'LEDGER_TOO_LARGE', message: `文件超过 ${mb(l.maxBytes)}，请拆分后分批导入` }),
  unpackedTooLarge: (l: LedgerLimits): LedgerRefusal => ({
    code: 'LEDGER_TOO_LARGE',
    message: `XLSX 文件解压后超过 ${mb(l.maxUncompressedBytes)}（或含过多内容），请只保留台账工作表后另存再导入`,
  }),
  cellTooLong: (l: LedgerLimits): LedgerRefusal => ({ code: 'LEDGER_TOO_LARGE', message: `有单元格超过 ${l.maxCellChars} 个字符，请检查文件` }),
  tooManyColumns: (l: LedgerLimits): LedgerRefusal => ({ code: 'LEDGER_TOO_LARGE', message: `有一行超过 ${l.maxColumns} 列，请使用台账导入模板` }),
  tooManyRows: (l: LedgerLimits): LedgerRefusal => ({ code: 'LEDGER_TOO_MANY_ROWS', message: `文件超过 ${l.maxRows} 行，请拆分后分批导入` }),
  tooManyLines: (l: LedgerLimits): LedgerRefusal => ({ code: 'LEDGER_TOO_MANY_ROWS', message: `文件超过 ${l.maxLines} 行（含空行），请删除空行或拆分后导入` }),
} as const;
