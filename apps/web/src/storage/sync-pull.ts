import { PROTOCOL_VERSION, pullResponseSchema, recordsResponseSchema, type Change, type PullResponse } from '@tiaojie/sync';
import type { StoreInternals } from './store-internals.ts';
import type { SyncHistory } from './sync-history.ts';
import { SyncFailure, type SyncHttp } from './sync-http.ts';

/** A pull page asked for from `cursor` (its failure is seen only by whoever awaits `page`). */
export type PullRequest = { cursor: number; page: Promise<PullResponse> };

export interface PullContext {
  http: SyncHttp;
  history: SyncHistory;
  internals: Pick<StoreInternals, 'getCursor' | 'heldServerSeqs' | 'applyPullPage'>;
  pullPageSize: number;
}

export function requestPull(ctx: PullContext, cursor: number): PullRequest {
  const body = ctx.history.withHistory({ protocolVersion: PROTOCOL_VERSION, cursor, limit: ctx.pullPageSize, lean: true });
  const page = ctx.http.postJson('/api/sync/pull', body).then((json) => ctx.history.hear(pullResponseSchema.parse(json)));
  page.catch(() => undefined);
  return { cursor, page };
}

/**
 * Fills in a lean page: the states this phone does not hold yet come from /sync/records (one request); those
 * it holds at that seq or later — mostly its own writes, already in the push answers — are left out.
 */
export async function completePage(ctx: PullContext, page: PullResponse): Promise<PullResponse> {
  const isLean = (c: Change): c is Change & { stateSeq: number } => c.op === 'upsert' && !c.data && c.stateSeq !== undefined;
  const lean = page.changes.filter(isLean);
  if (lean.length === 0) return page;
  const key = (c: Pick<Change, 'entity' | 'id'>) => `${c.entity}:${c.id}`;
  const held = await ctx.internals.heldServerSeqs(lean);
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
      const answer = recordsResponseSchema.parse(await ctx.http.postJson('/api/sync/records', ask));
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
 * if it starts at the stored cursor. Returns the number of changes pulled.
 */
export async function pull(ctx: PullContext, ahead: PullRequest | null): Promise<number> {
  let pulled = 0;
  const cursor = await ctx.internals.getCursor();
  let request = ahead?.cursor === cursor ? ahead : requestPull(ctx, cursor);
  for (;;) {
    const page = await request.page;
    const next = page.hasMore ? requestPull(ctx, page.cursor) : null;
    await ctx.internals.applyPullPage(await completePage(ctx, page));
    pulled += page.changes.length;
    if (!next) return pulled;
    request = next;
  }
}
