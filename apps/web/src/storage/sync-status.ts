import type { LocalStore, SyncStatus } from './types.ts';

/** The engine's status as the UI sees it: the store's counts plus the run's flags, pushed to every subscriber. */
export interface SyncStatusBoard {
  get(): SyncStatus;
  /** Reads the store's counts again (a failed read keeps the last ones), applies `patch`, tells the subscribers. */
  refresh(patch?: Partial<SyncStatus>): Promise<void>;
  subscribe(listener: (s: SyncStatus) => void): () => void;
}

export function createSyncStatusBoard(store: Pick<LocalStore, 'getSyncStatus'>): SyncStatusBoard {
  const listeners = new Set<(s: SyncStatus) => void>();
  let status: SyncStatus = { pending: 0, pendingPhotos: 0, attention: [], lastSuccessAt: null, lastError: null, syncing: false, resyncing: false, updateRequired: false };
  return {
    get: () => status,
    async refresh(patch = {}) {
      const stored = await store.getSyncStatus().catch(() => null);
      status = { ...status, ...(stored ?? {}), ...patch };
      for (const l of listeners) l(status);
    },
    subscribe(listener) {
      listeners.add(listener);
      listener(status);
      return () => void listeners.delete(listener);
    },
  };
}
