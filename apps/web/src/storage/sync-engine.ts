import type { SyncEngine, SyncEngineOptions } from './types.ts';

export function createSyncEngine(_options: SyncEngineOptions): SyncEngine {
  throw new Error('not implemented');
}
