import { mutationResultSchema, parseMutationArgs, type Mutation, type MutationResult, type ParsedMutation } from '@tiaojie/sync';
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

/**
 * Applies one mutation of one device in its own transaction, exactly once:
 * - the device row is locked first, so concurrent re-sends of the same batch serialise;
 * - an id already seen returns the stored result and changes nothing;
 * - an id beyond the next expected one is a gap (nothing recorded; the device resends from `expectedId`);
 * - a rejection is recorded with its reason and advances the device, so it never blocks the queue.
 * The push route, the REST write endpoints, the ledger import and the demo seed all come through here.
 */
export async function applyMutation(
  deps: { store: Store },
  auth: AuthContext,
  deviceId: string,
  mutation: MutationToApply,
): Promise<ApplyResult> {
  const { db, dialect } = deps.store;
  const lockRows = dialect === 'postgres';
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    await trx
      .insertInto('devices')
      .values({ device_id: deviceId, user_id: auth.user.id, last_mutation_id: 0, updated_at: now })
      .onConflict((oc) => oc.column('device_id').doNothing())
      .execute();
    const device = await trx
      .selectFrom('devices')
      .selectAll()
      .where('device_id', '=', deviceId)
      .$if(lockRows, (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    if (device.user_id !== auth.user.id) throw new ApiError(403, 'FORBIDDEN', 'this device id belongs to another account');
    const last = Number(device.last_mutation_id);
    const id = mutation.id === 'next' ? last + 1 : mutation.id;
    if (id <= last) {
      const stored = await trx
        .selectFrom('mutations')
        .select('result')
        .where('device_id', '=', deviceId)
        .where('mutation_id', '=', id)
        .executeTakeFirst();
      if (!stored) throw new Error(`device ${deviceId} passed mutation ${id} but its result is missing`);
      return mutationResultSchema.parse(JSON.parse(stored.result));
    }
    if (id > last + 1) return { id, status: 'gap', code: 'MUTATION_GAP', expectedId: last + 1, message: `expected mutation ${last + 1}` };

    const parsed = parseMutationArgs(mutation.name, mutation.args);
    let outcome: HandlerOutcome;
    if (!parsed.ok) {
      outcome = { status: 'rejected', code: parsed.code, message: parsed.message, issues: parsed.issues };
    } else {
      const ctx: HandlerContext = { trx, lockRows, auth, deviceId, now, takeSeq: () => takeNextSeq(trx) };
      outcome = await dispatch(ctx, parsed.mutation);
    }
    const result: MutationResult = { id, ...outcome };
    await trx
      .insertInto('mutations')
      .values({
        device_id: deviceId,
        mutation_id: id,
        user_id: auth.user.id,
        name: mutation.name.slice(0, 64),
        status: result.status,
        result: JSON.stringify(result),
        seq: result.seq ?? null,
        client_time: mutation.clientTime.slice(0, 64),
        received_at: now,
      })
      .execute();
    await trx.updateTable('devices').set({ last_mutation_id: id, updated_at: now }).where('device_id', '=', deviceId).execute();
    return result;
  });
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
