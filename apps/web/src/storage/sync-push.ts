import { MAX_PUSH_BYTES, PROTOCOL_VERSION, pushResponseSchema, type PushResponse } from '@tiaojie/sync';
import type { OutboxEntry } from './outbox-entry.ts';
import type { StoreInternals } from './store-internals.ts';
import type { SyncHistory } from './sync-history.ts';
import { SyncFailure, type EncodedJson, type SyncHttp } from './sync-http.ts';
import type { PullRequest } from './sync-pull.ts';

/** Bytes a push request may take, less room for its envelope. */
const PUSH_BUDGET = MAX_PUSH_BYTES - 16 * 1024;

/**
 * The first entries that fit in one push request (at least one): counted as 3 bytes per UTF-16 unit of their
 * JSON, the most UTF-8 can take, so the server's byte limit is never reached by a batch of valid mutations
 * (the limit holds for the inflated body too, so gzip does not change this).
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

export interface PushContext {
  http: SyncHttp;
  history: SyncHistory;
  internals: Pick<StoreInternals, 'replicaId' | 'pendingEntries' | 'applyPushResults' | 'keptEntries' | 'lastSentId' | 'isRewound' | 'getCursor'>;
  batchSize: number;
  /** Called after each answer is applied (the engine refreshes the status the UI shows). */
  onAnswerApplied: () => Promise<void>;
  /** Asks for the first pull page while the last push answer is applied. */
  requestPull: (cursor: number) => PullRequest;
}

type WireMutation = { id: number; name: string; args: unknown; clientTime: string };

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
export async function push(ctx: PushContext): Promise<{ pushed: number; pullAhead: PullRequest | null }> {
  const { internals } = ctx;
  /** Outbox entries after `afterId`, as many as fit in one push request (by count and by bytes). */
  const nextBatch = (afterId = 0) => internals.pendingEntries(ctx.batchSize, afterId).then(fitPushBatch);

  let pushed = 0;
  if (await internals.isRewound()) pushed += await probeAfterRewind(ctx);
  let batch = await nextBatch();
  if (batch.length === 0) return { pushed, pullAhead: null };
  const cursor = internals.getCursor();
  cursor.catch(() => undefined);
  let answer = sendPush(ctx, await preparePush(ctx, batch));
  for (;;) {
    // Read (and encoded) while the server works: entries still unsent never change (answers only drop or confirm
    // sent ones), so the next request leaves the moment the answer arrives.
    const following = nextBatch(batch[batch.length - 1]!.id).then((entries) => preparePush(ctx, entries));
    following.catch(() => undefined);
    const response = await answer;
    const prepared = answersAll(batch, response) ? await following : null;
    const next = prepared?.batch ?? [];
    const nextAnswer = prepared && next.length > 0 ? sendPush(ctx, prepared) : null;
    nextAnswer?.catch(() => undefined);
    const pullAhead = !nextAnswer && answersAll(batch, response) ? ctx.requestPull(await cursor) : null;
    try {
      await internals.applyPushResults(response.results);
      pushed += response.results.length;
      await ctx.onAnswerApplied();
      if (response.gap && response.gap.expectedId >= batch[0]!.id) throw new SyncFailure('MUTATION_GAP', `server expects mutation ${response.gap.expectedId}`);
    } catch (e) {
      await nextAnswer?.catch(() => undefined);
      throw e;
    }
    if (response.gap) {
      // The server lacks ids the phone sent before: it was restored to an older point.
      pushed += await resendFrom(ctx, response.gap.expectedId);
      batch = await nextBatch();
      if (batch.length === 0) return { pushed, pullAhead: null };
      answer = sendPush(ctx, await preparePush(ctx, batch));
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
    answer = sendPush(ctx, await preparePush(ctx, batch));
  }
}

// (`patches`: a new case's state comes back as the fields the server changed, not as the whole case again)
const pushBody = (ctx: PushContext, mutations: WireMutation[]) =>
  ctx.history.withHistory({ protocolVersion: PROTOCOL_VERSION, deviceId: ctx.internals.replicaId, mutations, patches: true });

const wireMutations = (batch: OutboxEntry[]): WireMutation[] => batch.map((e) => ({ id: e.id, name: e.name, args: e.args, clientTime: e.clientTime }));

const parsePush = (ctx: PushContext, json: unknown) => ctx.history.hear(pushResponseSchema.parse(json));

function postPush(ctx: PushContext, mutations: WireMutation[]): Promise<PushResponse> {
  return ctx.http.postJson('/api/sync/push', pushBody(ctx, mutations)).then((json) => parsePush(ctx, json));
}

type PreparedPush = { batch: OutboxEntry[]; encoded: EncodedJson | null };

/** A batch with its request body encoded (nothing to encode for an empty one). */
async function preparePush(ctx: PushContext, batch: OutboxEntry[]): Promise<PreparedPush> {
  return { batch, encoded: batch.length > 0 ? await ctx.http.encodeJson(pushBody(ctx, wireMutations(batch))) : null };
}

async function sendPush(ctx: PushContext, { batch, encoded }: PreparedPush): Promise<PushResponse> {
  const mutations = wireMutations(batch);
  try {
    return parsePush(ctx, await ctx.http.postEncoded('/api/sync/push', encoded!));
  } catch (e) {
    if (!(e instanceof SyncFailure) || e.code !== 'PAYLOAD_TOO_LARGE') throw e;
    // (a short answer: the outbox is read again after it, from the entry that follows)
    if (mutations.length > 1) return postPush(ctx, mutations.slice(0, 1));
    // One change too large for any request (saved before the limits existed): the server records a stand-in
    // with the same id as rejected, so the ids stay in order and the queue moves on; the change itself goes to
    // needs attention with the reason (an id already answered gets its stored answer instead).
    const [only] = mutations;
    const answer = await postPush(ctx, [{ ...only!, args: { tooLarge: true } }]);
    const mark = (r: PushResponse['results'][number]) =>
      r.id === only!.id && r.status === 'rejected' ? { ...r, code: 'PAYLOAD_TOO_LARGE', message: e.message, issues: [] } : r;
    return { ...answer, results: answer.results.map(mark) };
  }
}

/**
 * Sends again, in id order from `fromId`, every entry the phone still has — acknowledged ones it kept and the
 * outbox — after the server asked for an id below what the outbox holds (it was restored to an older point). The
 * server applies what it lost and answers the rest from its records. An entry it had rejected goes as a
 * stand-in it rejects again: the user was told, and the ids stay without a gap.
 */
async function resendFrom(ctx: PushContext, fromId: number): Promise<number> {
  const { internals } = ctx;
  let sent = 0;
  for (let from = fromId; ; ) {
    const kept = await internals.keptEntries(from, ctx.batchSize);
    if (kept.length === 0 && from > fromId) return sent;
    if (kept.length === 0 || kept[0]!.id !== from) {
      throw new SyncFailure('MUTATION_GAP', `server expects mutation ${from}, which this phone no longer keeps`);
    }
    const batch = fitPushBatch(kept.map((e) => ({ v: 1 as const, id: e.id, name: e.name as OutboxEntry['name'], args: e.applied ? e.args : { tooLarge: true }, clientTime: e.clientTime })));
    const response = await postPush(ctx, batch.map(({ id, name, args, clientTime }) => ({ id, name, args, clientTime })));
    await internals.applyPushResults(response.results);
    sent += response.results.length;
    if (response.gap && response.gap.expectedId <= from) throw new SyncFailure('MUTATION_GAP', `server expects mutation ${response.gap.expectedId}`);
    const last = response.results.at(-1)?.id;
    if (response.gap) from = response.gap.expectedId;
    else if (last === undefined) return sent;
    else from = last + 1;
  }
}

/**
 * After a rewind, the outbox alone may not show the server what it lost (everything may have been answered):
 * the last kept entry is sent again, and the server answers it (it still has it, so it has everything before),
 * applies it (it had everything before), or asks for an earlier id, from which everything kept goes again.
 */
async function probeAfterRewind(ctx: PushContext): Promise<number> {
  const { internals } = ctx;
  const last = await internals.lastSentId();
  if (last === null) return 0;
  const [entry] = await internals.keptEntries(last, 1);
  if (!entry) return 0;
  const response = await postPush(ctx, [{ id: entry.id, name: entry.name, args: entry.applied ? entry.args : { tooLarge: true }, clientTime: entry.clientTime }]);
  await internals.applyPushResults(response.results);
  return response.gap ? resendFrom(ctx, response.gap.expectedId) : response.results.length;
}
