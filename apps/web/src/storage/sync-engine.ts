import { uploadPhotos } from './photo-upload.ts';
import { internalsOf } from './store-internals.ts';
import { createSyncHistory } from './sync-history.ts';
import { createSyncHttp, SyncFailure } from './sync-http.ts';
import { pull, requestPull, type PullContext } from './sync-pull.ts';
import { push } from './sync-push.ts';
import { createSyncStatusBoard } from './sync-status.ts';
import type { SyncEngine, SyncEngineOptions, SyncLocks, SyncRunResult } from './types.ts';

export { fitPushBatch } from './sync-push.ts';

/**
 * Pushes the outbox and pulls changes: on start, after every local save, on 'online', and periodically.
 * After a failure it retries with capped exponential backoff — forever: nothing in the outbox is ever dropped
 * because the network was bad. Rejections and conflicts come back per mutation and go to "needs attention".
 * The engine only schedules: photos (photo-upload.ts), push (sync-push.ts), pull (sync-pull.ts), the status the
 * UI sees (sync-status.ts) and the requests (sync-http.ts) each live in their own module.
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const internals = internalsOf(options.store);
  const http = createSyncHttp({
    baseUrl: options.baseUrl,
    getToken: options.getToken,
    fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    ...(options.compressRequests !== undefined ? { compress: options.compressRequests } : {}),
  });
  const intervalMs = options.intervalMs ?? 60_000;
  const minBackoff = options.minBackoffMs ?? 2_000;
  const maxBackoff = options.maxBackoffMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? 200;
  const pullPageSize = options.pullPageSize ?? 1000;
  const locks: SyncLocks | undefined = options.locks ?? (globalThis.navigator as { locks?: SyncLocks } | undefined)?.locks;
  // Two tabs syncing the same database at once could interleave one's push answer with the other's pull: an
  // answer applied after a pulled removal would bring the removed case back, with the cursor already past it.
  const lockName = `tiaojie-sync:${internals.replicaId}`;
  const exclusive = <T>(run: () => Promise<T>): Promise<T> => (locks ? locks.request(lockName, run) : run());

  const status = createSyncStatusBoard(options.store);
  let running: Promise<SyncRunResult> | null = null;
  let again = false;
  let started = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribeWrites: (() => void) | undefined;

  /** Photos, push, then pull; the history id heard is adopted only when both went through (after a rewind: re-sent and re-pulled). */
  async function exchange(): Promise<{ pushed: number; pulled: number }> {
    const history = createSyncHistory(await internals.getHistoryId());
    await uploadPhotos(http, internals);
    const pullCtx: PullContext = { http, history, internals, pullPageSize };
    const { pushed, pullAhead } = await push({
      http,
      history,
      internals,
      batchSize,
      onAnswerApplied: () => status.refresh(),
      requestPull: (cursor) => requestPull(pullCtx, cursor),
    });
    const pulled = await pull(pullCtx, pullAhead);
    const rewound = await internals.isRewound();
    if (history.heard && (history.heard !== history.sent || rewound)) await internals.adoptHistoryId(history.heard);
    return { pushed, pulled };
  }

  /** A run found the store locked: the next write (unlocking is one) starts a run whatever it left. */
  let skippedWhileLocked = false;

  async function runOnce(): Promise<SyncRunResult> {
    // Locked, the outbox and the cases are sealed: sync waits for the PIN (unlocking starts a run at once).
    if (internals.isLocked()) {
      skippedWhileLocked = true;
      return { ok: false, pushed: 0, pulled: 0, error: { code: 'LOCAL_LOCKED', message: 'the local data is locked' } };
    }
    skippedWhileLocked = false;
    await status.refresh({ syncing: true });
    try {
      let counts: { pushed: number; pulled: number };
      try {
        counts = await exchange();
      } catch (e) {
        if (!(e instanceof SyncFailure) || e.code !== 'SERVER_REWOUND') throw e;
        // The server was restored to an older point: keep everything, pull it all again, send what it lost.
        await internals.startRewindRecovery();
        await status.refresh();
        counts = await exchange();
      }
      const { pushed, pulled } = counts;
      await internals.recordSyncOutcome({ ok: true });
      failures = 0;
      await status.refresh({ syncing: false, updateRequired: false });
      return { ok: true, pushed, pulled };
    } catch (e) {
      const failure = e instanceof SyncFailure ? e : new SyncFailure('INTERNAL', e instanceof Error ? e.message : String(e));
      failures++;
      await internals.recordSyncOutcome({ ok: false, code: failure.code, message: failure.message }).catch(() => undefined);
      if (failure.code === 'UNAUTHENTICATED' || failure.code === 'SESSION_IDLE') options.onUnauthenticated?.();
      // No retry after DEVICE_REVOKED: the device is about to erase its data, and every request would be refused alike.
      if (failure.code === 'DEVICE_REVOKED') started = false;
      await status.refresh({ syncing: false, ...(failure.code === 'PROTOCOL_TOO_OLD' ? { updateRequired: true } : {}) });
      if (failure.code === 'DEVICE_REVOKED') options.onDeviceRevoked?.();
      return { ok: false, pushed: 0, pulled: 0, error: { code: failure.code, message: failure.message } };
    }
  }

  function schedule(delayMs: number) {
    if (!started) return;
    clearTimeout(timer);
    timer = setTimeout(() => void engine.syncNow(), delayMs);
  }

  function nextDelay(): number {
    if (failures === 0) return intervalMs;
    const exp = Math.min(maxBackoff, minBackoff * 2 ** Math.min(failures - 1, 20));
    return Math.round(exp * (0.5 + Math.random() / 2));
  }

  const onOnline = () => void engine.syncNow();

  /** A photo always comes with the outbox entry that references it, so the outbox alone answers. */
  const hasUnsent = () => internals.pendingEntries(1).then((entries) => entries.length > 0, () => true);

  const engine: SyncEngine = {
    start() {
      if (started) return;
      started = true;
      // The store reports every committed write, the engine's own (pulled pages, push answers) included: only
      // a write that left something to send starts a run, or each run would start the next one, forever.
      unsubscribeWrites = internals.onLocalWrite(() => {
        // Unlocking reports as a write: a run skipped while locked (the pull at start-up) is made up at once.
        if (skippedWhileLocked) return schedule(0);
        void hasUnsent().then((unsent) => {
          if (unsent) schedule(0);
        });
      });
      options.eventTarget?.addEventListener('online', onOnline);
      void engine.syncNow();
    },
    stop() {
      started = false;
      clearTimeout(timer);
      unsubscribeWrites?.();
      options.eventTarget?.removeEventListener('online', onOnline);
    },
    syncNow() {
      if (running) {
        again = true;
        return running;
      }
      running = exclusive(async () => {
        let result: SyncRunResult;
        do {
          again = false;
          result = await runOnce();
        } while (again && result.ok);
        return result;
      }).finally(() => {
        running = null;
        schedule(nextDelay());
      });
      return running;
    },
    getStatus: () => status.get(),
    subscribe: (listener) => status.subscribe(listener),
  };
  return engine;
}
