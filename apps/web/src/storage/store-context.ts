import { zodIssuesToFieldIssues, type User } from '@tiaojie/domain';
import type { LocalDb } from './local-db.ts';
import type { Actor } from './local-view.ts';
import { todayIn } from './local-view.ts';
import { StorageError } from './storage-error.ts';

/** What every part of an open store shares: the database, the user, the clock and the one way to write. */
export interface StoreContext {
  db: LocalDb;
  user: User;
  actor: Actor;
  replicaId: string;
  now: () => Date;
  today: () => string;
  keep: { days: number; count: number };
  /** One IndexedDB transaction over every table a user action or an answer touches; a full disk becomes STORAGE_FULL. */
  write<T>(fn: () => Promise<T>): Promise<T>;
  writeListeners: Set<() => void>;
}

export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: string; inner?: { name?: string } } | null;
  return err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError';
}

export function invalid(error: { issues: Parameters<typeof zodIssuesToFieldIssues>[0]['issues'] } & Parameters<typeof zodIssuesToFieldIssues>[0]): StorageError {
  const issues = zodIssuesToFieldIssues(error);
  return new StorageError('VALIDATION_FAILED', `invalid ${issues[0]?.path ?? ''}: ${issues[0]?.message ?? ''}`, issues);
}

export function createStoreContext(db: LocalDb, user: User, replicaId: string, options: { now?: () => Date; keepSent?: { days: number; count: number } }): StoreContext {
  const now = options.now ?? (() => new Date());
  const writeListeners = new Set<() => void>();
  const allTables = [db.cases, db.caseDocs, db.activities, db.outbox, db.attention, db.meta, db.photos, db.traces, db.sent];

  /** One IndexedDB transaction; a full disk becomes STORAGE_FULL and nothing is saved. */
  async function write<T>(fn: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await db.transaction('rw', allTables, fn);
    } catch (e) {
      if (isQuotaError(e)) throw new StorageError('STORAGE_FULL', 'phone storage is full');
      throw e;
    }
    for (const l of writeListeners) l();
    return result;
  }

  return {
    db,
    user,
    actor: { userId: user.id, role: user.role },
    replicaId,
    now,
    today: () => todayIn(now()),
    keep: options.keepSent ?? defaultKeepSent,
    write,
    writeListeners,
  };
}

/** Backups are daily and kept for days: a restore goes back days, not months (see docs/PRODUCTION.md). */
const defaultKeepSent = { days: 14, count: 5_000 };

export async function readByIds<T>(table: { bulkGet(keys: string[]): Promise<(T | undefined)[]> }, ids: Iterable<string>): Promise<Map<string, T | undefined>> {
  const keys = [...ids];
  const rows = keys.length ? await table.bulkGet(keys) : [];
  return new Map(keys.map((k, i) => [k, rows[i]]));
}
