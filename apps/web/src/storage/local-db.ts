import { caseSchema, courtConfirmationDeadline, followUpDueOn, followUpInputOf } from '@tiaojie/domain';
import Dexie, { type Table } from 'dexie';
import type { AttentionItem, EscalatedTrace } from './types.ts';

/** The indexed list row of a case: small, so lists and counts never load case documents. */
export interface CaseRowRecord {
  id: string;
  acceptedOn: string;
  status: string;
  /** 1 while accepted or mediating (Dexie cannot index booleans). */
  open: 0 | 1;
  deadline: string;
  type: string;
  gridId: string;
  /** Party names and organisations' credit codes, and phones as digits, for the duplicate check. */
  names: string[];
  phones: string[];
  /** Lower-cased facts, case number, names and phone numbers, for the text filter. */
  text: string;
  attention: 0 | 1;
  /** The day the next return visit is due; absent when none is owed (so the index holds only those that are). */
  followUpDueOn?: string;
  /**
   * The last day the parties may apply for 司法确认 (agreement + 30 days, 人民调解法 §33) while none is recorded;
   * absent otherwise, so that the index holds only the windows still to remind of.
   */
  courtDueOn?: string;
  summary: unknown;
}

export interface ServerCopy {
  doc: unknown;
  versions: Record<string, number>;
  originPath: string;
  seq: number;
}

export interface CaseDocRecord {
  id: string;
  /** The last state the server sent; null until the first pull that includes the case. */
  server: ServerCopy | null;
  /** What the user sees: the server copy with the pending outbox entries applied on top. */
  local: unknown;
  /** The grid's org path, when known (for local escalation). */
  originPath: string | null;
}

export interface ActivityRecord {
  id: string;
  date: string;
  kind: string;
  server: ServerCopy | null;
  local: unknown;
  pending: 0 | 1;
}

export interface PhotoRecord {
  sha256: string;
  /** The bytes, as an ArrayBuffer: Blobs in IndexedDB are unreliable on some WebViews. */
  bytes: ArrayBuffer;
  mime: string;
  size: number;
  /** 1 once the server confirmed the bytes (it re-hashed them). */
  uploaded: 0 | 1;
}

/**
 * Outbox entries the server acknowledged, kept after they left the outbox so that they can be sent again if the
 * server is restored to a point before them (see sync-engine.ts, SERVER_REWOUND). Not pending: nothing counts them.
 * One record per acknowledgement (a push answer's whole batch: one write instead of one per entry): the record is
 * its lowest entry, `more` the others in id order, `lastId` the highest id. Records written before version 8 hold
 * one entry and no `lastId`.
 */
export interface SentRecord extends SentEntry {
  /** ISO time they left the outbox (pruning). */
  ackedAt: string;
  more?: SentEntry[];
  lastId?: number;
}

export interface SentEntry {
  id: number;
  name: string;
  args: unknown;
  clientTime: string;
  /** 0: the server rejected it (or answered a conflict): sent again only as a stand-in it rejects, to keep ids in order. */
  applied: 0 | 1;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

/**
 * The stores each database version declares (a version lists only what changed). Exported so that tests can build
 * a database as an older app version left it and check the upgrade.
 */
export const storesOfVersion = {
  1: {
    cases: 'id, acceptedOn, [open+acceptedOn], [open+deadline], [status+acceptedOn], [type+acceptedOn], [gridId+acceptedOn], [attention+acceptedOn], *names, *phones',
    caseDocs: 'id',
    activities: 'id, date, [kind+date]',
    outbox: 'id, caseId, activityId, confirmedSeq',
    attention: 'mutationId, caseId',
    photos: 'sha256, uploaded',
    drafts: 'key',
    meta: 'key',
  },
  // Follow-up visits due: home lists them from an index instead of opening recent concluded case documents.
  2: {
    cases: 'id, acceptedOn, [open+acceptedOn], [open+deadline], [status+acceptedOn], [type+acceptedOn], [gridId+acceptedOn], [attention+acceptedOn], *names, *phones, followUpDueOn',
  },
  // Which server copies the phone holds, by seq, without reading documents (push answers and pulled pages skip the
  // states it already has).
  3: { caseDocs: 'id, server.seq' },
  // The text search also finds phone numbers: no index changes, rows are rewritten (see the upgrade).
  4: {},
  // Read-only traces of cases escalated out of this user's area (the pull removes the cases themselves).
  5: { traces: 'id, escalatedOn' },
  // Acknowledged entries kept for re-pushing after the server is restored to an older point.
  6: { sent: 'id, ackedAt' },
  // The 司法确认 window: home reminds of those ending soon from an index instead of opening agreed case documents.
  7: {
    cases:
      'id, acceptedOn, [open+acceptedOn], [open+deadline], [status+acceptedOn], [type+acceptedOn], [gridId+acceptedOn], [attention+acceptedOn], *names, *phones, followUpDueOn, courtDueOn',
  },
  // Acknowledged entries kept a record per answer: the highest id of each, to find records reaching an id.
  8: { sent: 'id, ackedAt, lastId' },
} as const;

/** Every store as database version `version` declared it (for tests that build an old database). */
export function storesUpTo(version: keyof typeof storesOfVersion): Record<string, string> {
  const stores: Record<string, string> = {};
  for (let v = 1; v <= version; v++) Object.assign(stores, storesOfVersion[v as keyof typeof storesOfVersion]);
  return stores;
}

export class LocalDb extends Dexie {
  cases!: Table<CaseRowRecord, string>;
  caseDocs!: Table<CaseDocRecord, string>;
  activities!: Table<ActivityRecord, string>;
  outbox!: Table<unknown, number>;
  attention!: Table<AttentionItem, number>;
  photos!: Table<PhotoRecord, string>;
  drafts!: Table<{ key: string; value: unknown; savedAt: string }, string>;
  meta!: Table<MetaRecord, string>;
  traces!: Table<EscalatedTrace, string>;
  sent!: Table<SentRecord, number>;

  constructor(name: string, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
    super(name, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    });
    this.version(1).stores(storesOfVersion[1]);
    this.version(2)
      .stores(storesOfVersion[2])
      .upgrade(async (tx) => {
        const rows = await tx.table<CaseRowRecord, string>('cases').toArray();
        const docs = await tx.table<CaseDocRecord, string>('caseDocs').bulkGet(rows.map((r) => r.id));
        const due = rows.flatMap((row, i) => {
          const parsed = caseSchema.safeParse(docs[i]?.local);
          const on = parsed.success ? followUpDueOn(followUpInputOf(parsed.data)) : null;
          return on ? [{ ...row, followUpDueOn: on }] : [];
        });
        await tx.table<CaseRowRecord, string>('cases').bulkPut(due);
      });
    this.version(3).stores(storesOfVersion[3]);
    // Rows written before get the phone numbers appended to their text, where caseRowFor now puts them (last).
    this.version(4)
      .stores(storesOfVersion[4])
      .upgrade((tx) =>
        tx
          .table<CaseRowRecord, string>('cases')
          .toCollection()
          .modify((row) => {
            if (row.phones.length > 0) row.text = `${row.text} ${row.phones.join(' ')}`;
          }),
      );
    this.version(5).stores(storesOfVersion[5]);
    this.version(6).stores(storesOfVersion[6]);
    this.version(7)
      .stores(storesOfVersion[7])
      .upgrade(async (tx) => {
        const rows = await tx.table<CaseRowRecord, string>('cases').toArray();
        const docs = await tx.table<CaseDocRecord, string>('caseDocs').bulkGet(rows.map((r) => r.id));
        const due = rows.flatMap((row, i) => {
          const parsed = caseSchema.safeParse(docs[i]?.local);
          const on = parsed.success && parsed.data.agreement?.courtConfirmation === 'none' ? courtConfirmationDeadline(parsed.data) : null;
          return on ? [{ ...row, courtDueOn: on }] : [];
        });
        await tx.table<CaseRowRecord, string>('cases').bulkPut(due);
      });
    this.version(8).stores(storesOfVersion[8]);
  }
}
