/**
 * The field app's local storage and sync engine — the only module that imports Dexie.
 * See README.md beside this file for the contract (durability, outbox, sync, photos).
 */
export { openLocalStore } from './local-store.ts';
export { createSyncEngine } from './sync-engine.ts';
export { wipeLocalData, type WipeOptions } from './wipe-local-data.ts';
export { StorageError, isStorageError } from './storage-error.ts';
export type * from './types.ts';
export { localLockOf } from './store-internals.ts';
export { MAX_PIN_FAILURES, type LocalLock, type LockStatus, type UnlockResult } from './local-lock.ts';
