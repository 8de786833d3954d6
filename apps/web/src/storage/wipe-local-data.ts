import Dexie from 'dexie';

/** Every local database of this app is named so (local-store.ts: one per signed-in user). */
const PREFIX = 'tiaojie-';

export interface WipeOptions {
  /** Users whose databases to delete even where the browser cannot list databases. */
  userIds?: string[];
  /** Only the named users' databases (a staff member signing out of a shared office PC), not every account's. */
  onlyNamed?: boolean;
  /** For tests (fake-indexeddb); defaults to the global indexedDB. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * Erases this device's local data — every case, outbox entry, photo and draft of every account that signed in here —
 * when the server says the device was revoked or its account disabled. Waits for open connections to close (Dexie
 * retries a blocked delete), so call it after the store is closed or closing. Returns the names it deleted.
 */
export async function wipeLocalData(options: WipeOptions = {}): Promise<string[]> {
  const factory = options.indexedDB ?? globalThis.indexedDB;
  const names = new Set((options.userIds ?? []).map((id) => `${PREFIX}${id}`));
  try {
    if (options.onlyNamed) throw new Error('listing skipped');
    for (const info of (await factory.databases?.()) ?? []) if (info.name?.startsWith(PREFIX)) names.add(info.name);
  } catch {
    // Skipped (onlyNamed), or listing is not everywhere (older WebViews): the named users' databases still go.
  }
  const dexieOptions = { indexedDB: factory, ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}) };
  for (const name of names) await new Dexie(name, dexieOptions).delete();
  return [...names];
}
