import type { MutationResult, PullResponse, SyncEntity } from '@tiaojie/sync';
import type { ErrorCode } from '@tiaojie/domain';
import type { LocalDb, PhotoRecord } from './local-db.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import type { LocalLock } from './local-lock.ts';
import type { LocalStore } from './types.ts';

/** What the sync engine needs from a store beyond the public API; never used by UI code. */
export interface StoreInternals {
  db: LocalDb;
  replicaId: string;
  /** The first `limit` entries not yet applied by the server, in id order, after `afterId` (default: all). */
  pendingEntries(limit: number, afterId?: number): Promise<OutboxEntry[]>;
  /** Records the server's answers in one transaction. */
  applyPushResults(results: MutationResult[]): Promise<void>;
  /** Writes a page of changes and the new cursor in one transaction, pending edits re-applied on top. */
  applyPullPage(page: PullResponse): Promise<void>;
  getCursor(): Promise<number>;
  /** Entries from `fromId` on, kept acknowledged ones and the outbox's merged, in id order (re-push after a rewind). */
  keptEntries(fromId: number, limit: number): Promise<KeptEntry[]>;
  /** The highest id of the kept acknowledged entries, null when none is kept. */
  lastSentId(): Promise<number | null>;
  /** The server history id this phone last adopted. */
  getHistoryId(): Promise<string | null>;
  /** True from a SERVER_REWOUND answer until the phone has re-sent and re-pulled everything. */
  isRewound(): Promise<boolean>;
  /** After SERVER_REWOUND: cursor 0, held seqs forgotten, answered entries pending again, no history id. */
  startRewindRecovery(): Promise<void>;
  /** Stores the server's history id and ends a rewind recovery. */
  adoptHistoryId(id: string): Promise<void>;
  /** The seq of the server copy held for each record (key `entity:id`), absent when none is held. */
  heldServerSeqs(records: { entity: SyncEntity; id: string; stateSeq: number }[]): Promise<Map<string, number>>;
  photosToUpload(): Promise<PhotoRecord[]>;
  markPhotoUploaded(sha256: string): Promise<void>;
  recordSyncOutcome(outcome: { ok: true } | { ok: false; code: ErrorCode; message: string }): Promise<void>;
  onLocalWrite(listener: () => void): () => void;
  /** The PIN lock of this store's local data. */
  lock: LocalLock;
  /** A PIN is set and not entered: nothing sealed can be read or written, so sync waits. */
  isLocked(): boolean;
}

export interface KeptEntry {
  id: number;
  name: string;
  args: unknown;
  clientTime: string;
  applied: boolean;
}

const registry = new WeakMap<LocalStore, StoreInternals>();

export function registerInternals(store: LocalStore, internals: StoreInternals): void {
  registry.set(store, internals);
}

export function internalsOf(store: LocalStore): StoreInternals {
  const found = registry.get(store);
  if (!found) throw new Error('not a store opened with openLocalStore');
  return found;
}

/** The PIN lock of a store's local data (UI code: set the PIN, unlock, lock after idle time). */
export function localLockOf(store: LocalStore): LocalLock {
  return internalsOf(store).lock;
}
