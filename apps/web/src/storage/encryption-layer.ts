import type { DBCore, DBCoreCursor, DBCoreKeyRange, DBCoreTable, Middleware } from 'dexie';
import type { LocalCipher } from './local-cipher.ts';
import { StorageError } from './storage-error.ts';

/**
 * The ONE place party data is encrypted: a Dexie middleware every read and write of the store goes through (case
 * writes, derived views, lists, the outbox, applying the server's answers, drafts and photos alike), so none of
 * them knows about encryption. Each table names the fields that leave the record sealed; what stays in clear is what
 * IndexedDB must index or what is no one's personal data (ids, dates, status, grid, seqs). The duplicate check's
 * indexes (party names and phones) hold keyed hashes, and an equality lookup on them is hashed the same way here.
 *
 * Modes: 'off' (no PIN set yet: records are stored as they are), 'locked' (a PIN is set and no key is in memory:
 * reading a sealed record or writing anything fails with LOCAL_LOCKED), 'open' (the key is in memory).
 */
export type EncryptionMode = 'off' | 'locked' | 'open';

export interface EncryptionLayer {
  readonly mode: EncryptionMode;
  middleware: Middleware<DBCore>;
  /** Installs the unwrapped key ('open'), forgets it ('locked'), or turns encryption off. */
  set(mode: EncryptionMode, cipher?: LocalCipher): void;
}

interface TableSpec {
  /** Top-level fields moved into the sealed part. */
  sealed: string[];
  /** Of those, string arrays kept indexed as keyed hashes. */
  hashed?: string[];
  /** The record's `server.doc` is sealed too (server.seq stays indexed). */
  serverDoc?: boolean;
  /** A binary field encrypted as bytes (photos, signatures). */
  bytes?: string;
  /** Read while locked without its sealed fields instead of refusing (the sync bar counts these rows). */
  clearPartWhenLocked?: boolean;
}

export const sealedTables: Record<string, TableSpec> = {
  // List rows: names/phones (duplicate check) hashed; the search text and the list summary sealed.
  cases: { sealed: ['names', 'phones', 'text', 'summary'], hashed: ['names', 'phones'] },
  caseDocs: { sealed: ['local'], serverDoc: true },
  activities: { sealed: ['local'], serverDoc: true },
  // The unsynced work itself: a new case's entry carries every party.
  outbox: { sealed: ['args'] },
  // (`more`: the other entries of the same answer, each with its args)
  sent: { sealed: ['args', 'more'] },
  traces: { sealed: ['partyNames', 'facts', 'reason'] },
  // A refused change kept on the phone (AttentionItem.held) carries what the worker typed, parties included.
  attention: { sealed: ['held'], clearPartWhenLocked: true },
  drafts: { sealed: ['value'] },
  photos: { sealed: [], bytes: 'bytes' },
};

const SEALED = '$e';
const SERVER_DOC = '$serverDoc';
const BYTES_SEALED = '$b';

type Rec = Record<string, unknown>;

export function createEncryptionLayer(): EncryptionLayer {
  let mode: EncryptionMode = 'off';
  let cipher: LocalCipher | null = null;

  const locked = () => new StorageError('LOCAL_LOCKED', 'the local data is locked: enter the PIN');

  function encode(spec: TableSpec, value: unknown): unknown {
    if (mode === 'off') return value;
    if (mode === 'locked' || !cipher) throw locked();
    const v = { ...(value as Rec) };
    const part: Rec = {};
    for (const f of spec.sealed) {
      if (!(f in v)) continue;
      part[f] = v[f];
      if (spec.hashed?.includes(f)) v[f] = (v[f] as string[]).map((s) => cipher!.indexKey(s));
      else delete v[f];
    }
    const server = v.server as Rec | null | undefined;
    if (spec.serverDoc && server) {
      part[SERVER_DOC] = server.doc;
      v.server = { ...server, doc: null };
    }
    if (spec.sealed.length > 0) v[SEALED] = cipher.seal(part);
    if (spec.bytes && v[spec.bytes] instanceof ArrayBuffer) {
      v[spec.bytes] = cipher.sealBytes(v[spec.bytes] as ArrayBuffer);
      v[BYTES_SEALED] = 1;
    }
    return v;
  }

  function decode(spec: TableSpec, value: unknown): unknown {
    if (!value || typeof value !== 'object') return value;
    const stored = value as Rec;
    const sealed = stored[SEALED] instanceof Uint8Array;
    const bytesSealed = stored[BYTES_SEALED] === 1;
    // Clear records (written before the PIN was set, or tables with nothing sealed) read as they are.
    if (!sealed && !bytesSealed) return value;
    if ((mode !== 'open' || !cipher) && spec.clearPartWhenLocked && !bytesSealed) {
      const clear: Rec = { ...stored };
      delete clear[SEALED];
      return clear;
    }
    if (mode !== 'open' || !cipher) throw locked();
    const v: Rec = { ...stored };
    if (sealed) {
      const part = cipher.open(stored[SEALED] as Uint8Array) as Rec;
      delete v[SEALED];
      for (const f of spec.sealed) if (f in part) v[f] = part[f];
      if (spec.serverDoc && v.server) v.server = { ...(v.server as Rec), doc: part[SERVER_DOC] };
    }
    if (bytesSealed && spec.bytes) {
      v[spec.bytes] = cipher.openBytes(stored[spec.bytes] as ArrayBuffer);
      delete v[BYTES_SEALED];
    }
    return v;
  }

  /** An equality lookup on a hashed index looks up the hash. */
  function mapRange(spec: TableSpec, indexName: string | null | undefined, range: DBCoreKeyRange): DBCoreKeyRange {
    if (!indexName || !spec.hashed?.includes(indexName) || mode === 'off') return range;
    if (mode === 'locked' || !cipher) throw locked();
    // Dexie's Equal range type is 1; anything else on a hashed index would compare hashes by order, meaningless.
    if (range.type !== 1) throw new Error(`only equality lookups on the hashed index ${indexName}`);
    const key = cipher.indexKey(range.lower as string);
    return { ...range, lower: key, upper: key };
  }

  /**
   * The cursor with its value decoded. Dexie's cursor is the browser's IDBCursor (with Dexie's methods added): its
   * native getters and methods refuse any other `this`, so each is forwarded to the real cursor, as Dexie's own
   * virtual-index middleware does.
   */
  function wrapCursor(spec: TableSpec, cursor: DBCoreCursor): DBCoreCursor {
    let cachedFor: unknown = undefined;
    let cached: unknown;
    return Object.create(cursor, {
      key: { get: () => cursor.key },
      primaryKey: { get: () => cursor.primaryKey },
      value: {
        get() {
          const raw = cursor.value;
          if (raw !== cachedFor) {
            cachedFor = raw;
            cached = decode(spec, raw);
          }
          return cached;
        },
      },
      continue: { value: (key?: unknown) => cursor.continue(key) },
      continuePrimaryKey: { value: (key: unknown, primaryKey: unknown) => cursor.continuePrimaryKey(key, primaryKey) },
      advance: { value: (count: number) => cursor.advance(count) },
    }) as DBCoreCursor;
  }

  function wrapTable(table: DBCoreTable, spec: TableSpec): DBCoreTable {
    return {
      ...table,
      mutate(req) {
        if (req.type === 'add' || req.type === 'put') return table.mutate({ ...req, values: req.values.map((v) => encode(spec, v)) });
        if (mode === 'locked') return Promise.reject(locked());
        return table.mutate(req);
      },
      get: (req) => table.get(req).then((v) => decode(spec, v)),
      getMany: (req) => table.getMany(req).then((vs) => vs.map((v) => decode(spec, v))),
      query: (req) =>
        table.query({ ...req, query: { ...req.query, range: mapRange(spec, req.query.index.name, req.query.range) } }).then((res) => (req.values ? { ...res, result: res.result.map((v) => decode(spec, v)) } : res)),
      openCursor: (req) =>
        table.openCursor({ ...req, query: { ...req.query, range: mapRange(spec, req.query.index.name, req.query.range) } }).then((cursor) => (cursor && req.values ? wrapCursor(spec, cursor) : cursor)),
      count: (req) => table.count({ ...req, query: { ...req.query, range: mapRange(spec, req.query.index.name, req.query.range) } }),
    };
  }

  return {
    get mode() {
      return mode;
    },
    middleware: {
      stack: 'dbcore',
      name: 'encryption',
      create(down) {
        return {
          ...down,
          table(name) {
            const table = down.table(name);
            const spec = sealedTables[name];
            return spec ? wrapTable(table, spec) : table;
          },
        };
      },
    },
    set(next, nextCipher) {
      mode = next;
      cipher = next === 'open' ? (nextCipher ?? null) : null;
    },
  };
}
