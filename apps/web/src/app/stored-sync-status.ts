import type { LocalStore, SyncEngine, SyncStatus } from '../storage/index.ts';

export type StoredSyncStatus = Awaited<ReturnType<LocalStore['getSyncStatus']>>;

/**
 * A new engine reports an empty status ("never synced") until its first run has read the store, so the sync
 * bar would change its text — and at 360 px its height, pushing the whole home screen down — just after
 * home has rendered. Until then this shows what the store already knows. Not the stored error: that was
 * the previous run's, and the engine is about to try again (it reports a new one if that fails too).
 */
export function withStoredStatus(engine: SyncEngine, stored: StoredSyncStatus): SyncEngine {
  const initial = engine.getStatus();
  const seeded: SyncStatus = { ...initial, ...stored, lastError: initial.lastError };
  const view = (status: SyncStatus) => (status === initial ? seeded : status);
  return {
    start: () => engine.start(),
    stop: () => engine.stop(),
    syncNow: () => engine.syncNow(),
    getStatus: () => view(engine.getStatus()),
    subscribe: (listener) => engine.subscribe((status) => listener(view(status))),
  };
}
