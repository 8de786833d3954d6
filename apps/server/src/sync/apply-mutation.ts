import { mutationResultSchema, parseMutationArgs, type Mutation, type MutationResult, type ParsedMutation } from '@tiaojie/sync';
import { sql } from 'kysely';
import type { Store } from '../db/index.js';
import { ApiError } from '../http/api-error.js';
import type { AuthContext } from '../http/app-env.js';
import { createActivity, deleteActivity, editActivity } from './activity-handlers.js';
import { createCase, editCase, resolveCaseConflict, transitionCase } from './case-handlers.js';
import type { HandlerContext, HandlerOutcome } from './handler-context.js';
import { takeNextSeq } from './sequence.js';

/** A final result, or a gap: nothing recorded, the device must resend from `expectedId`. */
export type ApplyResult = MutationResult | { id: number; status: 'gap'; code: 'MUTATION_GAP'; expectedId: number; message: string };

/** A mutation to apply; `id: 'next'` takes the device's next id (REST writes, imports, seeding). */
export type MutationToApply = Omit<Mutation, 'id'> & { id: number | 'next' };

function dispatch(ctx: HandlerContext, m: ParsedMutation): Promise<HandlerOutcome> {
  switch (m.name) {
    case 'case.create':
      return createCase(ctx, m.args);
    case 'case.edit':
      return editCase(ctx, m.args);
    case 'case.transition':
      return transitionCase(ctx, m.args);
    case 'case.resolveConflict':
      return resolveCaseConflict(ctx, m.args);
    case 'activity.create':
      return createActivity(ctx, m.args);
    case 'activity.edit':
      return editActivity(ctx, m.args);
    case 'activity.delete':
      return deleteActivity(ctx, m.args);
  }
}

/** The outcome of a push batch: results in order, stopped at a gap or at an unexpected failure. */
export interface BatchOutcome {
  results: MutationResult[];
  gap?: { expectedId: number };
}

/**
 * Applies a device's mutations in order, exactly once each, in one transaction (group commit: one disk
 * flush per batch instead of one per mutation; nothing is acknowledged before the commit):
 * - the device row is locked first, so concurrent re-sends of the same batch serialise;
 * - an id already seen returns the stored result and changes nothing;
 * - an id beyond the next expected one is a gap (nothing recorded; the device resends from `expectedId`);
 * - a rejection is recorded with its reason and advances the device, so it never blocks the queue;
 * - each mutation runs inside its own savepoint: an unexpected failure undoes that mutation only, the batch
 *   stops there and commits what came before (the device resends the rest).
 */
export async function applyMutations(
  deps: { store: Store },
  auth: AuthContext,
  deviceId: string,
  mutations: MutationToApply[],
): Promise<BatchOutcome> {
  const { db, dialect } = deps.store;
  const lockRows = dialect === 'postgres';
  let failure: unknown;
  const outcome = await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const device = await trx
      .insertInto('devices')
      .values({ device_id: deviceId, user_id: auth.user.id, last_mutation_id: 0, updated_at: now })
      .onConflict((oc) => oc.column('device_id').doUpdateSet({ updated_at: now }))
      .returning(['user_id', 'last_mutation_id'])
      .executeTakeFirstOrThrow();
    if (device.user_id !== auth.user.id) throw new ApiError(403, 'FORBIDDEN', 'this device id belongs to another account');
    const startLast = Number(device.last_mutation_id);
    let last = startLast;
    const out: BatchOutcome = { results: [] };
    const ctx: HandlerContext = { trx, store: deps.store.db, lockRows, auth, deviceId, now, takeSeq: () => takeNextSeq(trx) };
    for (const mutation of mutations) {
      const id = mutation.id === 'next' ? last + 1 : mutation.id;
      if (id <= last) {
        const stored = await trx
          .selectFrom('mutations')
          .select('result')
          .where('device_id', '=', deviceId)
          .where('mutation_id', '=', id)
          .executeTakeFirst();
        if (!stored) throw new Error(`device ${deviceId} passed mutation ${id} but its result is missing`);
        out.results.push(mutationResultSchema.parse(JSON.parse(stored.result)));
        continue;
      }
      if (id > last + 1) {
        out.gap = { expectedId: last + 1 };
        break;
      }
      await sql`savepoint m`.execute(trx);
      try {
        const result = await applyOne(ctx, id, mutation);
        await sql`release savepoint m`.execute(trx);
        out.results.push(result);
        last = id;
      } catch (e) {
        await sql`rollback to savepoint m`.execute(trx);
        if (out.results.length === 0 || e instanceof ApiError) throw e;
        failure = e;
        break;
      }
    }
    if (last !== startLast) {
      await trx.updateTable('devices').set({ last_mutation_id: last, updated_at: now }).where('device_id', '=', deviceId).execute();
    }
    return out;
  });
  if (failure) console.error(`mutation batch of ${deviceId} stopped early:`, failure);
  return outcome;
}

async function applyOne(ctx: HandlerContext, id: number, mutation: MutationToApply): Promise<MutationResult> {
  const parsed = parseMutationArgs(mutation.name, mutation.args);
  const outcome: HandlerOutcome = parsed.ok
    ? await dispatch(ctx, parsed.mutation)
    : { status: 'rejected', code: parsed.code, message: parsed.message, issues: parsed.issues };
  const result: MutationResult = { id, ...outcome };
  await ctx.trx
    .insertInto('mutations')
    .values({
      device_id: ctx.deviceId,
      mutation_id: id,
      user_id: ctx.auth.user.id,
      name: mutation.name.slice(0, 64),
      status: result.status,
      result: JSON.stringify(result),
      seq: result.seq ?? null,
      client_time: mutation.clientTime.slice(0, 64),
      received_at: ctx.now,
    })
    .execute();
  return result;
}

/** One mutation (REST writes, ledger import, demo seed): a batch of one. */
export async function applyMutation(
  deps: { store: Store },
  auth: AuthContext,
  deviceId: string,
  mutation: MutationToApply,
): Promise<ApplyResult> {
  const outcome = await applyMutations(deps, auth, deviceId, [mutation]);
  const id = mutation.id === 'next' ? 0 : mutation.id;
  if (outcome.gap) return { id, status: 'gap', code: 'MUTATION_GAP', expectedId: outcome.gap.expectedId, message: `expected mutation ${outcome.gap.expectedId}` };
  return outcome.results[0]!;
}

/**
 * For REST writes: applies the mutation as the next one of this token's own device stream and turns a
 * rejection into the matching HTTP error.
 */
export async function applyMutationOrThrow(deps: { store: Store }, auth: AuthContext, name: Mutation['name'], args: unknown): Promise<MutationResult> {
  const r = await applyMutation(deps, auth, `api.${auth.tokenId}`, { id: 'next', name, args, clientTime: new Date().toISOString() });
  if (r.status === 'gap') throw new Error('a REST mutation cannot leave a gap');
  if (r.status !== 'rejected') return r;
  const status = r.code === 'NOT_FOUND' ? 404 : r.code === 'FORBIDDEN' || r.code === 'ROLE_NOT_ALLOWED' ? 403 : r.code === 'ILLEGAL_TRANSITION' ? 409 : 400;
  throw new ApiError(status, (r.code ?? 'VALIDATION_FAILED') as ConstructorParameters<typeof ApiError>[1], r.message ?? 'rejected', r.issues);
}
