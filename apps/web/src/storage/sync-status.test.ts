import { describe, expect, it } from 'vitest';
import { createSyncStatusBoard } from './sync-status.ts';
import type { SyncStatus } from './types.ts';

describe('sync status board', () => {
  it("merges the store's counts with the run's flags, tells subscribers, and keeps the last counts when the store cannot answer", async () => {
    let stored: Partial<SyncStatus> | null = { pending: 3, pendingPhotos: 1 };
    const board = createSyncStatusBoard({
      getSyncStatus: async () => {
        if (!stored) throw new Error('database closed');
        return stored as SyncStatus;
      },
    });
    const seen: SyncStatus[] = [];
    const unsubscribe = board.subscribe((s) => seen.push(s));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ pending: 0, syncing: false });
    await board.refresh({ syncing: true });
    expect(board.get()).toMatchObject({ pending: 3, pendingPhotos: 1, syncing: true });
    stored = null;
    await board.refresh({ syncing: false });
    expect(board.get()).toMatchObject({ pending: 3, syncing: false });
    unsubscribe();
    await board.refresh();
    expect(seen).toHaveLength(3);
  });
});
