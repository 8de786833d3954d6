/** One CSV record with the (1-based) physical line it starts on, as a spreadsheet user would count it. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Thrown by the streaming reader when a limit is reached; the caller turns it into the refusal it stands for. */
export class CsvLimitError extends Error {
  constructor(readonly limit: 'records' | 'cells' | 'cellChars') {
    super(`CSV limit reached: ${limit}`);
  }
}

export interface CsvLimits {
  /** Records (blank ones included) before the reader stops. */
  maxRecords: number;
  /** Cells in one record. */
  maxCells: number;
  /** Characters in one cell. */
  maxCellChars: number;
}

const unlimited: CsvLimits = { maxRecords: Infinity, maxCells: Infinity, maxCellChars: Infinity };

/**
 * Decodes CSV bytes: UTF-8 (with or without BOM) when valid, otherwise GB18030 — what Excel on a Chinese
 * Windows writes when a ledger is saved as "CSV (逗号分隔)".
 */
export function decodeCsv(bytes: Uint8Array): string {
  return csvEncodingOf(bytes) === 'utf-8' ? new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '') : new TextDecoder('gb18030').decode(bytes);
}

/** UTF-8 when every byte decodes as such (checked in slices, so no copy of the whole file is made), else GB18030. */
export function csvEncodingOf(bytes: Uint8Array): 'utf-8' | 'gb18030' {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let at = 0; at < bytes.length; at += SLICE) decoder.decode(bytes.subarray(at, at + SLICE), { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

const SLICE = 64 * 1024;

/**
 * Streams the records of CSV bytes to `onRecord`, decoding a slice at a time, so that memory holds one record and
 * never the whole text or every record at once. Yields to the event loop between slices: a large file does not
 * hold up other requests. Throws CsvLimitError as soon as a limit is passed.
 */
export async function streamCsv(bytes: Uint8Array, limits: CsvLimits, onRecord: (r: CsvRecord) => void): Promise<void> {
  const decoder = new TextDecoder(csvEncodingOf(bytes));
  const parser = createCsvParser(limits, onRecord);
  let first = true;
  for (let at = 0; at < bytes.length; at += SLICE) {
    let text = decoder.decode(bytes.subarray(at, at + SLICE), { stream: true });
    if (first) text = text.replace(/^\uFEFF/, '');
    first = false;
    parser.feed(text);
    await new Promise((resolve) => setImmediate(resolve));
  }
  parser.feed(decoder.decode());
  parser.end();
}

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; CRLF, LF and CR all end a record. */
export function parseCsv(text: string, limits: CsvLimits = unlimited): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = createCsvParser(limits, (r) => records.push(r));
  parser.feed(text);
  parser.end();
  return records;
}

/** An incremental RFC 4180 parser: text may be fed in pieces cut anywhere (inside a quote, between CR and LF). */
export function createCsvParser(limits: CsvLimits, onRecord: (r: CsvRecord) => void) {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  // A quote inside a quoted cell: either the end of the quote or the first of a doubled one ("").
  let quoteSeen = false;
  // A CR that ended a record: an LF right after it (perhaps in the next piece) belongs to it.
  let afterCr = false;
  let line = 1;
  let startLine = 1;
  let records = 0;
  const pushCell = () => {
    if (cells.length >= limits.maxCells) throw new CsvLimitError('cells');
    cells.push(cell);
    cell = '';
  };
  const endRecord = () => {
    pushCell();
    if (++records > limits.maxRecords) throw new CsvLimitError('records');
    onRecord({ line: startLine, cells });
    cells = [];
  };
  const add = (s: string) => {
    cell += s;
    if (cell.length > limits.maxCellChars) throw new CsvLimitError('cellChars');
  };
  return {
    feed(text: string) {
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (afterCr) {
          afterCr = false;
          if (ch === '\n') continue;
        }
        if (quoted) {
          if (quoteSeen) {
            quoteSeen = false;
            if (ch === '"') {
              add('"');
              continue;
            }
            quoted = false;
            // fall through: the character after a closing quote is read as outside a quote
          } else if (ch === '"') {
            quoteSeen = true;
            continue;
          } else {
            if (ch === '\n' || ch === '\r') {
              // CRLF inside a quote counts once: the CR counts, the LF after it does not.
              if (ch === '\r' || cell[cell.length - 1] !== '\r') line++;
            }
            add(ch);
            continue;
          }
        }
        if (ch === '"' && cell === '') {
          quoted = true;
        } else if (ch === ',') {
          pushCell();
        } else if (ch === '\r' || ch === '\n') {
          afterCr = ch === '\r';
          endRecord();
          line++;
          startLine = line;
        } else {
          add(ch);
        }
      }
    },
    end() {
      if (quoted && quoteSeen) quoted = false;
      if (cell !== '' || cells.length > 0 || quoted) endRecord();
    },
  };
}
