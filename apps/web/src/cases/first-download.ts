import type { SyncStatus } from '../storage/index.ts';

/**
 * Right after the first login the grid's cases arrive page by page: lists growing under the thumb. While that
 * first download runs (online, never completed, running or about to) home says so and shows the lists after.
 * A run that failed shows what is stored instead: the error may be an earlier run's (a first download cut off
 * by a reload or the network), so only a run in progress, or none tried yet, counts as downloading.
 */
export function isFirstDownload(status: Pick<SyncStatus, 'lastSuccessAt' | 'lastError' | 'syncing'>, online: boolean): boolean {
  return online && status.lastSuccessAt === null && (status.syncing || status.lastError === null);
}
