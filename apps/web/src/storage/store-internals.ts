import type { MutationResult, PullResponse, SyncEntity } from '@tiaojie/sync';
import type { ErrorCode } from '@tiaojie/domain';
import type { LocalDb, PhotoRecord } from './local-db.ts';
import type { OutboxEntry } from './outbox-entry.ts';
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
  /** The seq of the server copy held for each record (key `entity:id`), absent when none is held. */
  heldServerSeqs(records: { entity: SyncEntity; id: string; stateSeq: number }[]): Promise<Map<string, number>>;
  photosToUpload(): Promise<PhotoRecord[]>;
  markPhotoUploaded(sha256: string): Promise<void>;
  recordSyncOutcome(outcome: { ok: true } | { ok: false; code: ErrorCode; message: string }): Promise<void>;
  onLocalWrite(listener: () => void): () => void;
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
