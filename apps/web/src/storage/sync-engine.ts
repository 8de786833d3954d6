import { errorCodes, type ErrorCode } from '@tiaojie/domain';
import { MAX_PUSH_BYTES, PROTOCOL_VERSION, pullResponseSchema, pushResponseSchema, recordsResponseSchema, type Change, type PullResponse, type PushResponse } from '@tiaojie/sync';
import { z } from 'zod';
import type { PhotoRecord } from './local-db.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import { internalsOf } from './store-internals.ts';
import type { SyncEngine, SyncEngineOptions, SyncLocks, SyncRunResult, SyncStatus } from './types.ts';

class SyncFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

type PullRequest = { cursor: number; page: Promise<PullResponse> };

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const uploadStateSchema = z.object({ offset: z.number().int().min(0), complete: z.boolean() });
const PHOTO_CHUNK = 256 * 1024;

/** At most the bytes a request body takes on the wire (a string's UTF-8 is at most 3 bytes per UTF-16 unit). */
function uploadBytes(body: BodyInit | undefined): number {
  if (typeof body === 'string') return body.length * 3;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  return 0;
}

/** Bytes a push request may take, less room for its envelope. */
const PUSH_BUDGET = MAX_PUSH_BYTES - 16 * 1024;

/**
 * The first entries that fit in one push request (at least one): counted as 3 bytes per UTF-16 unit of their
 * JSON, the most UTF-8 can take, so the server's byte limit is never reached by a batch of valid mutations.
 */
export function fitPushBatch(entries: OutboxEntry[]): OutboxEntry[] {
  let bytes = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    bytes += (JSON.stringify(e.args).length + e.name.length + e.clientTime.length + 64) * 3;
    if (bytes > PUSH_BUDGET && i > 0) return entries.slice(0, i);
  }
  return entries;
}

/**
 * Pushes the outbox and pulls changes: on start, after every local save, on 'online', and periodically.
 * After a failure it retries with capped exponential backoff — forever: nothing in the outbox is ever dropped
 * because the network was bad. Rejections and conflicts come back per mutation and go to "needs attention".
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const internals = internalsOf(options.store);
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const intervalMs = options.intervalMs ?? 60_000;
  const minBackoff = options.minBackoffMs ?? 2_000;
  const maxBackoff = options.maxBackoffMs ?? 5 * 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const batchSize = options.batchSize ?? 200;
  const pullPageSize = options.pullPageSize ?? 1000;
  const locks: SyncLocks | undefined = options.locks ?? (globalThis.navigator as { locks?: SyncLocks } | undefined)?.locks;
  // Two tabs syncing the same database at once could interleave one's push answer with the other's pull: an
  // answer applied after a pulled removal would bring the removed case back, with the cursor already past it.
  const lockName = `tiaojie-sync:${internals.replicaId}`;
  const exclusive = <T>(run: () => Promise<T>): Promise<T> => (locks ? locks.request(lockName, run) : run());

  const listeners = new Set<(s: SyncStatus) => void>();
  let status: SyncStatus = { pending: 0, pendingPhotos: 0, attention: [], lastSuccessAt: null, lastError: null, syncing: false, resyncing: false, updateRequired: false };
  /** The server history id this run sends (the one adopted; none while recovering from a rewind), and the one heard. */
  let history: { sent: string | null; heard: string | null } = { sent: null, heard: null };
  const withHistory = <T extends object>(body: T) => (history.sent ? { ...body, historyId: history.sent } : body);
  const hear = <T extends { historyId?: string | undefined }>(answer: T): T => {
    if (answer.historyId) history.heard = answer.historyId;
    return answer;
  };
  let running: Promise<SyncRunResult> | null = null;
  let again = false;
  let started = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribeWrites: (() => void) | undefined;

  async function refreshStatus(patch: Partial<SyncStatus> = {}) {
    const stored = await options.store.getSyncStatus().catch(() => null);
    status = { ...status, ...(stored ?? {}), ...patch };
    for (const l of listeners) l(status);
  }

  async function call(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<unknown> {
    const token = options.getToken();
    if (!token) throw new SyncFailure('UNAUTHENTICATED', 'not signed in');
    let res: Response;
    // A request that never answers (a half-open connection on a moving phone) would stall every later run. The
    // limit runs until the answer starts, with a second per KB sent on top, so that a 200-case push over a
    // 2G link of a few KB/s is not cut off; a large answer then downloads at its own pace.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('no answer in time')), requestTimeoutMs + uploadBytes(body) / 1024 * 1000);
    try {
      res = await fetchFn(`${options.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...headers },
        signal: controller.signal,
        ...(body !== undefined ? { body } : {}),
      });
    } catch (e) {
      throw new SyncFailure('NETWORK', e instanceof Error ? e.message : 'network error');
    } finally {
      clearTimeout(timer);
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // A proxy's HTML error page: treated like a network failure below.
    }
    if (res.ok) return parsed;
    const err = errorBodySchema.safeParse(parsed);
    const code = err.success && (errorCodes as readonly string[]).includes(err.data.error.code) ? (err.data.error.code as ErrorCode) : res.status >= 500 ? 'INTERNAL' : 'NETWORK';
    throw new SyncFailure(code, err.success ? err.data.error.message : `HTTP ${res.status}`, res.status);
  }

  const postJson = (path: string, body: unknown) => call('POST', path, JSON.stringify(body), { 'content-type': 'application/json' });

  async function uploadPhoto(photo: PhotoRecord) {
    let state = uploadStateSchema.parse(await postJson('/api/photos', { sha256: photo.sha256, size: photo.size, mime: photo.mime }));
    let restarts = 0;
    while (!state.complete) {
      const chunk = photo.bytes.slice(state.offset, state.offset + PHOTO_CHUNK);
      try {
        state = uploadStateSchema.parse(
          await call('PATCH', `/api/photos/${photo.sha256}`, chunk, { 'upload-offset': String(state.offset), 'content-type': 'application/offset+octet-stream' }),
        );
      } catch (e) {
        if (!(e instanceof SyncFailure)) throw e;
        if (e.status === 409) state = uploadStateSchema.parse(await call('GET', `/api/photos/${photo.sha256}/status`));
        else if (e.code === 'PHOTO_HASH_MISMATCH' && restarts++ < 2) state = { offset: 0, complete: false };
        else throw e;
      }
    }
    // Only now may the phone forget that the bytes still need sending.
    await internals.markPhotoUploaded(photo.sha256);
  }

  /** Outbox entries after `afterId`, as many as fit in one push request (by count and by bytes). */
  const nextBatch = (afterId = 0) => internals.pendingEntries(batchSize, afterId).then(fitPushBatch);

  function postPush(mutations: { id: number; name: string; args: unknown; clientTime: string }[]): Promise<PushResponse> {
    const body = withHistory({ protocolVersion: PROTOCOL_VERSION, deviceId: internals.replicaId, mutations });
    return postJson('/api/sync/push', body).then((json) => hear(pushResponseSchema.parse(json)));
  }

  /**
   * Sends again, in id order from `fromId`, every entry the phone still has — acknowledged ones it kept and the
   * outbox — after the server asked for an id below what the outbox holds (it was restored to an older point). The
   * server applies what it lost and answers the rest from its records. An entry it had rejected goes as a
   * stand-in it rejects again: the user was told, and the ids stay without a gap.
   */
  async function resendFrom(fromId: number): Promise<number> {
    let sent = 0;
    for (let from = fromId; ; ) {
      const kept = await internals.keptEntries(from, batchSize);
      if (kept.length === 0 && from > fromId) return sent;
      if (kept.length === 0 || kept[0]!.id !== from) {
        throw new SyncFailure('MUTATION_GAP', `server expects mutation ${from}, which this phone no longer keeps`);
      }
      const batch = fitPushBatch(kept.map((e) => ({ v: 1 as const, id: e.id, name: e.name as OutboxEntry['name'], args: e.applied ? e.args : { tooLarge: true }, clientTime: e.clientTime })));
      const response = await postPush(batch.map(({ id, name, args, clientTime }) => ({ id, name, args, clientTime })));
      await internals.applyPushResults(response.results);
      sent += response.results.length;
      if (response.gap && response.gap.expectedId <= from) throw new SyncFailure('MUTATION_GAP', `server expects mutation ${response.gap.expectedId}`);
      const last = response.results.at(-1)?.id;
      if (response.gap) from = response.gap.expectedId;
      else if (last === undefined) return sent;
      else from = last + 1;
    }
  }

  async function sendPush(batch: OutboxEntry[]): Promise<PushResponse> {
    const mutations = batch.map((e) => ({ id: e.id, name: e.name, args: e.args, clientTime: e.clientTime }));
    try {
      return await postPush(mutations);
    } catch (e) {
      if (!(e instanceof SyncFailure) || e.code !== 'PAYLOAD_TOO_LARGE') throw e;
      // (a short answer: the outbox is read again after it, from the entry that follows)
      if (mutations.length > 1) return postPush(mutations.slice(0, 1));
      // One change too large for any request (saved before the limits existed): the server records a stand-in
      // with the same id as rejected, so the ids stay in order and the queue moves on; the change itself goes to
      // needs attention with the reason (an id already answered gets its stored answer instead).
      const [only] = mutations;
      const answer = await postPush([{ ...only!, args: { tooLarge: true } }]);
      const mark = (r: PushResponse['results'][number]) =>
        r.id === only!.id && r.status === 'rejected' ? { ...r, code: 'PAYLOAD_TOO_LARGE', message: e.message, issues: [] } : r;
      return { ...answer, results: answer.results.map(mark) };
    }
  }

  /** The answer is final for every mutation of its batch, in order, with no gap: the server has reached its end. */
  const answersAll = (batch: OutboxEntry[], response: PushResponse) =>
    !response.gap && response.results.length === batch.length && response.results.every((r, i) => r.id === batch[i]!.id);

  /**
   * Pushes the outbox in id order, a batch per request, pipelined: as soon as an answer arrives the next batch
   * goes out, and the phone applies the answer while the server works on that batch. Still, per device:
   * - one request at a time, in id order: the next batch is sent only after the previous one was answered, and
   *   only after an answer covering its whole batch without a gap, starting right after that batch (anything
   *   else — a gap, a short answer — waits until the answer is applied, then the outbox is read again);
   * - answers are applied one after the other, in order, each in its own transaction;
   * - a batch whose answer is not applied (lost, or the run failed while it was out) keeps its entries in the
   *   outbox: the next run sends them again and the server answers from its stored results. The run ends only
   *   after the request in flight has come back, so no entry is ever out twice at the same time.
   * When the last answer arrives with nothing after its batch, the first pull page is asked for while it is
   * applied (`pullAhead`; dropped if more is pushed after all).
   */
  async function push(): Promise<{ pushed: number; pullAhead: PullRequest | null }> {
    let pushed = 0;
    if (await internals.isRewound()) pushed += await probeAfterRewind();
    let batch = await nextBatch();
    if (batch.length === 0) return { pushed, pullAhead: null };
    const cursor = internals.getCursor();
    cursor.catch(() => undefined);
    let answer = sendPush(batch);
    for (;;) {
      // Read while the server works: entries still unsent never change (answers only drop or confirm sent ones).
      const following = nextBatch(batch[batch.length - 1]!.id);
      following.catch(() => undefined);
      const response = await answer;
      const next = answersAll(batch, response) ? await following : [];
      const nextAnswer = next.length > 0 ? sendPush(next) : null;
      nextAnswer?.catch(() => undefined);
      const pullAhead = !nextAnswer && answersAll(batch, response) ? requestPull(await cursor) : null;
      try {
        await internals.applyPushResults(response.results);
        pushed += response.results.length;
        await refreshStatus();
        if (response.gap && response.gap.expectedId >= batch[0]!.id) throw new SyncFailure('MUTATION_GAP', `server expects mutation ${response.gap.expectedId}`);
      } catch (e) {
        await nextAnswer?.catch(() => undefined);
        throw e;
      }
      if (response.gap) {
        // The server lacks ids the phone sent before: it was restored to an older point.
        pushed += await resendFrom(response.gap.expectedId);
        batch = await nextBatch();
        if (batch.length === 0) return { pushed, pullAhead: null };
        answer = sendPush(batch);
        continue;
      }
      if (nextAnswer) {
        batch = next;
        answer = nextAnswer;
        continue;
      }
      if (response.results.length === 0) return { pushed, pullAhead };
      batch = await nextBatch();
      if (batch.length === 0) return { pushed, pullAhead };
      answer = sendPush(batch);
    }
  }

  /**
   * After a rewind, the outbox alone may not show the server what it lost (everything may have been answered):
   * the last kept entry is sent again, and the server answers it (it still has it, so it has everything before),
   * applies it (it had everything before), or asks for an earlier id, from which everything kept goes again.
   */
  async function probeAfterRewind(): Promise<number> {
    const last = await internals.lastSentId();
    if (last === null) return 0;
    const [entry] = await internals.keptEntries(last, 1);
    if (!entry) return 0;
    const response = await postPush([{ id: entry.id, name: entry.name, args: entry.applied ? entry.args : { tooLarge: true }, clientTime: entry.clientTime }]);
    await internals.applyPushResults(response.results);
    return response.gap ? resendFrom(response.gap.expectedId) : response.results.length;
  }

  /** A pull page asked for from `cursor` (its failure is seen only by whoever awaits `page`). */
  function requestPull(cursor: number): PullRequest {
    const body = withHistory({ protocolVersion: PROTOCOL_VERSION, cursor, limit: pullPageSize, lean: true });
    const page = postJson('/api/sync/pull', body).then((json) => hear(pullResponseSchema.parse(json)));
    page.catch(() => undefined);
    return { cursor, page };
  }

  /**
   * Fills in a lean page: the states this phone does not hold yet come from /sync/records (one request); those
   * it holds at that seq or later — mostly its own writes, already in the push answers — are left out.
   */
  async function completePage(page: PullResponse): Promise<PullResponse> {
    const isLean = (c: Change): c is Change & { stateSeq: number } => c.op === 'upsert' && !c.data && c.stateSeq !== undefined;
    const lean = page.changes.filter(isLean);
    if (lean.length === 0) return page;
    const key = (c: Pick<Change, 'entity' | 'id'>) => `${c.entity}:${c.id}`;
    const held = await internals.heldServerSeqs(lean);
    const missing = lean.filter((c) => (held.get(key(c)) ?? -1) < c.stateSeq);
    const fetched = new Map<string, Change>();
    if (missing.length > 0) {
      const body = {
        protocolVersion: PROTOCOL_VERSION,
        cases: missing.filter((c) => c.entity === 'case').map((c) => c.id),
        activities: missing.filter((c) => c.entity === 'activity').map((c) => c.id),
      };
      // The server cuts its answer by size: ask again for what it left out (each answer holds at least one).
      for (let ask = body; ask.cases.length + ask.activities.length > 0; ) {
        const answer = recordsResponseSchema.parse(await postJson('/api/sync/records', ask));
        for (const c of answer.changes) fetched.set(key(c), c);
        if (!answer.truncated || answer.changes.length === 0) break;
        ask = {
          protocolVersion: PROTOCOL_VERSION,
          cases: ask.cases.filter((id) => !fetched.has(`case:${id}`)),
          activities: ask.activities.filter((id) => !fetched.has(`activity:${id}`)),
        };
      }
    }
    const changes = page.changes.flatMap((c): Change[] => {
      if (!isLean(c)) return [c];
      const state = fetched.get(key(c));
      if (state) return [{ ...state, seq: c.seq }];
      if ((held.get(key(c)) ?? -1) >= c.stateSeq) return [];
      throw new SyncFailure('INTERNAL', `the server sent no state for ${key(c)}`);
    });
    return { ...page, changes };
  }

  /**
   * Pulls from the stored cursor, page after page, each applied with its cursor in one transaction. The next page
   * is asked for (from this page's cursor) while this one is applied; a page whose application failed ends the
   * run, and the next run asks again from the stored cursor. `ahead`: a first page already asked for, used only
   * if it starts at the stored cursor.
   */
  async function pull(ahead: PullRequest | null): Promise<number> {
    let pulled = 0;
    const cursor = await internals.getCursor();
    let request = ahead?.cursor === cursor ? ahead : requestPull(cursor);
    for (;;) {
      const page = await request.page;
      const next = page.hasMore ? requestPull(page.cursor) : null;
      await internals.applyPullPage(await completePage(page));
      pulled += page.changes.length;
      if (!next) return pulled;
      request = next;
    }
  }

  /** Photos, push, then pull; the history id heard is adopted only when both went through (after a rewind: re-sent and re-pulled). */
  async function exchange(): Promise<{ pushed: number; pulled: number }> {
    history = { sent: await internals.getHistoryId(), heard: null };
    for (const photo of await internals.photosToUpload()) await uploadPhoto(photo);
    const { pushed, pullAhead } = await push();
    const pulled = await pull(pullAhead);
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
    await refreshStatus({ syncing: true });
    try {
      let counts: { pushed: number; pulled: number };
      try {
        counts = await exchange();
      } catch (e) {
        if (!(e instanceof SyncFailure) || e.code !== 'SERVER_REWOUND') throw e;
        // The server was restored to an older point: keep everything, pull it all again, send what it lost.
        await internals.startRewindRecovery();
        await refreshStatus();
        counts = await exchange();
      }
      const { pushed, pulled } = counts;
      await internals.recordSyncOutcome({ ok: true });
      failures = 0;
      await refreshStatus({ syncing: false, updateRequired: false });
      return { ok: true, pushed, pulled };
    } catch (e) {
      const failure = e instanceof SyncFailure ? e : new SyncFailure('INTERNAL', e instanceof Error ? e.message : String(e));
      failures++;
      await internals.recordSyncOutcome({ ok: false, code: failure.code, message: failure.message }).catch(() => undefined);
      if (failure.code === 'UNAUTHENTICATED' || failure.code === 'SESSION_IDLE') options.onUnauthenticated?.();
      // No retry after DEVICE_REVOKED: the device is about to erase its data, and every request would be refused alike.
      if (failure.code === 'DEVICE_REVOKED') started = false;
      await refreshStatus({ syncing: false, ...(failure.code === 'PROTOCOL_TOO_OLD' ? { updateRequired: true } : {}) });
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
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      listener(status);
      return () => listeners.delete(listener);
    },
  };
  return engine;
}
