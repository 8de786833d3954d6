import { describe, expect, it } from 'vitest';
import { createSyncEngine, openLocalStore, type SyncStatus } from '../storage/index.ts';
import { testUser } from '../test/render-app.tsx';
import { withStoredStatus } from './stored-sync-status.ts';

/** A server with nothing to push to and nothing to pull, or no network at all. */
const emptyServer = async (input: RequestInfo | URL) =>
  String(input).endsWith('/pull')
    ? new Response(JSON.stringify({ changes: [], cursor: 0, hasMore: false }), { headers: { 'content-type': 'application/json' } })
    : new Response(JSON.stringify({ results: [] }), { headers: { 'content-type': 'application/json' } });
const noNetwork = async (): Promise<Response> => {
  throw new TypeError('Failed to fetch');
};

describe('withStoredStatus', () => {
  it("shows the store's last sync until the new engine reports, then the engine's own status", async () => {
    const user = testUser();
    const store = await openLocalStore({ user, deviceId: 'd1' });
    const first = createSyncEngine({ store, baseUrl: '', getToken: () => 't', fetch: emptyServer });
    expect((await first.syncNow()).ok).toBe(true);
    const { lastSuccessAt } = await store.getSyncStatus();
    expect(lastSuccessAt).not.toBeNull();
    // The stored error of a failed run is the previous run's: not shown before the next run.
    const failing = createSyncEngine({ store, baseUrl: '', getToken: () => 't', fetch: noNetwork });
    expect((await failing.syncNow()).ok).toBe(false);

    // "Reload": a new engine over the same store.
    const fresh = createSyncEngine({ store, baseUrl: '', getToken: () => 't', fetch: noNetwork });
    expect(fresh.getStatus().lastSuccessAt).toBeNull();
    const engine = withStoredStatus(fresh, await store.getSyncStatus());
    expect(engine.getStatus()).toMatchObject({ lastSuccessAt, lastError: null, syncing: false });
    const seen: SyncStatus[] = [];
    engine.subscribe((s) => seen.push(s));
    expect(seen[0]).toMatchObject({ lastSuccessAt, lastError: null });

    // Its own run fails again: now the engine's report (with the new error) is what shows.
    expect((await engine.syncNow()).ok).toBe(false);
    expect(engine.getStatus()).toMatchObject({ lastSuccessAt, syncing: false, lastError: { code: 'NETWORK' } });
    expect(seen.at(-1)).toBe(engine.getStatus());
    engine.stop();
    store.close();
  });
});
