import { fileNilReport } from './nil-report-handlers.js';
import { mutationResultSchema, parseMutationArgs, type Mutation, type MutationResult, type ParsedMutation, type RecordState } from '@tiaojie/sync';
import { sql, type Kysely, type Transaction } from 'kysely';
import { recordAudit } from '../audit/index.js';
import type { Database, Store } from '../db/index.js';
import { ApiError } from '../http/api-error.js';
import type { AuthContext } from '../http/app-env.js';
import { createActivity, deleteActivity, editActivity } from './activity-handlers.js';
import { createCase, editCase, resolveCaseConflict, transitionCase } from './case-handlers.js';
import type { HandlerContext, HandlerOutcome } from './handler-context.js';
import { prepared } from './prepared.js';
import { isDeterministicFailure } from './failure.js';
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
    case 'nilReport.file':
      return fileNilReport(ctx, m.args);
  }
}

/** The outcome of a push batch: results in order, stopped at a gap or at an unexpected failure. */
export interface BatchOutcome {
  results: MutationResult[];
  gap?: { expectedId: number };
}

type Step = { kind: 'result'; result: MutationResult } | { kind: 'gap'; expectedId: number };

/**
 * Applies a device's mutations in order, exactly once each, EACH IN ITS OWN TRANSACTION (the claim of the id,
 * stored result check, the change itself and its mutation record commit together; on PostgreSQL the
 * sync_counter row lock is held for one mutation only, never for a whole batch), the batch as one group commit:
 * when this resolves, every mutation it answers for is on disk (durable before acknowledged), with one disk
 * sync per group of up to MUTATIONS_PER_GROUP_COMMIT on SQLite instead of one per mutation (Store.groupCommit):
 * - the id is claimed first (on PostgreSQL by locking the device row), so concurrent re-sends of the same
 *   batch serialise;
 * - an id already seen returns the stored result and changes nothing;
 * - an id beyond the next expected one is a gap (nothing recorded; the device resends from `expectedId`);
 * - a rejection is recorded with its reason and advances the device, so it never blocks the queue;
 * - a failure that would repeat on every resend (isDeterministicFailure: a NUL PostgreSQL refuses, a stored
 *   document that cannot be read) rolls back that mutation and is recorded as rejected (MUTATION_FAILED) in a
 *   transaction of its own: answered, and the queue moves on;
 * - any other failure rolls back that mutation only: the batch stops there, the earlier ones stay
 *   committed and are answered (the device resends the rest); a failure of the first one is the request's.
 * On SQLite a group is first tried in one savepoint, and only when one of its mutations throws, mutation by
 * mutation (applyGroup): what commits is the same.
 */
export async function applyMutations(
  deps: { store: Store },
  auth: AuthContext,
  deviceId: string,
  mutations: MutationToApply[],
): Promise<BatchOutcome> {
  const out: BatchOutcome = { results: [] };
  for (let start = 0; start < mutations.length; start += MUTATIONS_PER_GROUP_COMMIT) {
    const group = mutations.slice(start, start + MUTATIONS_PER_GROUP_COMMIT);
    const stopped = await deps.store.groupCommit((db) => applyGroup(deps.store, db, auth, deviceId, group, out));
    if (stopped) break;
  }
  return out;
}

/**
 * A group on SQLite first runs in ONE savepoint, its mutations straight after each other: SQLite copies every page a
 * savepoint changes, as it was, into its rollback journal the first time the savepoint touches it, and with a
 * savepoint per mutation the same pages (the cases table's and its 28 indexes', the logs', the series') were copied
 * again for every mutation — a fifth of the push path's CPU, measured. If any mutation of that pass throws, the
 * whole pass is rolled back (nothing of it was answered or made durable: the group commits and syncs only after
 * `fn`) and the group runs again the careful way, each mutation in its own savepoint (applyInOrder): the one that
 * fails is then rolled back alone, recorded or stopped at as always, and the ones before it are applied again on the
 * same state. Either way what commits is what the savepoint-per-mutation path commits.
 */
async function applyGroup(store: Store, db: Kysely<Database>, auth: AuthContext, deviceId: string, group: MutationToApply[], out: BatchOutcome): Promise<boolean> {
  if (store.dialect !== 'sqlite' || group.length < 2) return applyInOrder(store, db, auth, deviceId, group, out);
  let pass: BatchOutcome;
  try {
    pass = await db.transaction().execute((trx) => applyAllOrNone(store, trx, auth, deviceId, group));
  } catch {
    // (the error comes again, and is handled, when that mutation runs in its own savepoint)
    return applyInOrder(store, db, auth, deviceId, group, out);
  }
  out.results.push(...pass.results);
  if (pass.gap) out.gap = pass.gap;
  return pass.gap !== undefined;
}

/** The group's mutations in order inside `trx`, stopping at a gap; any failure throws (applyGroup starts over). */
async function applyAllOrNone(store: Store, trx: Transaction<Database>, auth: AuthContext, deviceId: string, mutations: MutationToApply[]): Promise<BatchOutcome> {
  const pass: BatchOutcome = { results: [] };
  for (const mutation of mutations) {
    const step = await applyIn(store, trx, auth, deviceId, mutation);
    if (step.kind === 'gap') {
      pass.gap = { expectedId: step.expectedId };
      break;
    }
    pass.results.push(step.result);
  }
  return pass;
}

/**
 * Mutations per group commit. On SQLite a group holds the one connection until its sync, so a large batch is
 * split: other requests wait for at most this many mutations (~0.1 s), and the disk syncs once per group.
 */
export const MUTATIONS_PER_GROUP_COMMIT = 100;

/** Applies `mutations` in order, adding their results to `out`; true when the batch stops here (gap, failure). */
async function applyInOrder(store: Store, db: Kysely<Database>, auth: AuthContext, deviceId: string, mutations: MutationToApply[], out: BatchOutcome): Promise<boolean> {
  for (const mutation of mutations) {
    let step: Step;
    try {
      step = await applyInOwnTransaction(store, db, auth, deviceId, mutation);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      try {
        if (!isDeterministicFailure(e)) throw e;
        // It would fail the same way on every resend: recorded as rejected, so the queue moves on.
        console.error(`mutation ${String(mutation.id)} of ${deviceId} failed and is recorded as rejected:`, e);
        step = await recordFailure(store, db, auth, deviceId, mutation, e as Error);
      } catch (stop) {
        if (out.results.length === 0 || stop instanceof ApiError) throw stop;
        console.error(`mutation batch of ${deviceId} stopped early at ${String(mutation.id)}:`, stop);
        return true;
      }
    }
    if (step.kind === 'gap') {
      out.gap = { expectedId: step.expectedId };
      return true;
    }
    out.results.push(step.result);
  }
  return false;
}

/** Where a mutation id stands against the device's last applied one. */
type Claim = { kind: 'new'; id: number } | { kind: 'seen'; id: number } | { kind: 'gap'; expectedId: number };

function claimAfter(last: number, requested: number | 'next'): Claim {
  const id = requested === 'next' ? last + 1 : requested;
  if (id <= last) return { kind: 'seen', id };
  if (id > last + 1) return { kind: 'gap', expectedId: last + 1 };
  return { kind: 'new', id };
}

const ownedByAnother = () => new ApiError(403, 'DEVICE_TAKEN', 'this device id belongs to another account');

/**
 * PostgreSQL: the device row holds the last id and is claimed in one statement in the common case (the id the
 * device is expected to send next). The update locks the row until commit; a concurrent claimant of the same id
 * waits, then finds the condition false and takes the slow path, which sees the committed result.
 */
async function claimWithDeviceRow(trx: Transaction<Database>, deviceId: string, userId: string, requested: number | 'next', now: string): Promise<Claim> {
  const [row] =
    requested === 'next'
      ? await claimFollowingId(trx, { deviceId, userId, now })
      : await claimExactId(trx, { deviceId, userId, now, id: requested, previous: requested - 1 });
  if (row) return { kind: 'new', id: Number(row.last_mutation_id) };
  // First mutation of this device, a re-send, a gap, or someone else's device id: read (and lock) the row.
  const device = await trx
    .insertInto('devices')
    .values({ device_id: deviceId, user_id: userId, last_mutation_id: 0, updated_at: now })
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ updated_at: now }))
    .returning(['user_id', 'last_mutation_id'])
    .executeTakeFirstOrThrow();
  if (device.user_id !== userId) throw ownedByAnother();
  const claim = claimAfter(Number(device.last_mutation_id), requested);
  if (claim.kind === 'new') await trx.updateTable('devices').set({ last_mutation_id: claim.id }).where('device_id', '=', deviceId).execute();
  return claim;
}

/**
 * SQLite: write transactions never overlap (one connection, and SQLite's write lock), so nothing needs locking and
 * the device's last id is its newest stored mutation record (the table is clustered by device and id): one read,
 * and no device row to rewrite — one page fewer to sync at each commit. Every claimed id has its record (both are
 * written in the same transaction), so this is the same number the device row held.
 */
async function claimFromLog(trx: Transaction<Database>, deviceId: string, userId: string, requested: number | 'next'): Promise<Claim> {
  const [newest] = await newestMutationOf(trx, { deviceId });
  if (newest && newest.user_id !== userId) throw ownedByAnother();
  return claimAfter(newest ? Number(newest.mutation_id) : 0, requested);
}

// LIMIT as a literal: with a bound `limit ?` SQLite plans without knowing it is 1, and this seek took ~4x as long
// (measured: 30 vs 8 µs on its own, more as the first read of a write transaction).
const newestMutationOf = prepared(['deviceId'], (db, p) =>
  db.selectFrom('mutations').select(['user_id', 'mutation_id']).where('device_id', '=', p.deviceId).orderBy('mutation_id', 'desc').limit(sql.lit(1)),
);

const claimExactId = prepared(['deviceId', 'userId', 'now', 'id', 'previous'], (db, p) =>
  db
    .updateTable('devices')
    .set({ last_mutation_id: p.id, updated_at: p.now })
    .where('device_id', '=', p.deviceId)
    .where('user_id', '=', p.userId)
    .where('last_mutation_id', '=', p.previous)
    .returning('last_mutation_id'),
);

const claimFollowingId = prepared(['deviceId', 'userId', 'now'], (db, p) =>
  db
    .updateTable('devices')
    .set((eb) => ({ last_mutation_id: eb('last_mutation_id', '+', 1), updated_at: p.now }))
    .where('device_id', '=', p.deviceId)
    .where('user_id', '=', p.userId)
    .returning('last_mutation_id'),
);

const insertMutationRecord = prepared(
  ['device_id', 'mutation_id', 'user_id', 'name', 'status', 'result', 'seq', 'client_time', 'received_at'],
  (db, p) => db.insertInto('mutations').values(p),
);

async function applyInOwnTransaction(store: Store, db: Kysely<Database>, auth: AuthContext, deviceId: string, mutation: MutationToApply): Promise<Step> {
  return db.transaction().execute((trx) => applyIn(store, trx, auth, deviceId, mutation));
}

/**
 * Claims the mutation's id inside `trx` (on SQLite from the log, on PostgreSQL by locking the device row): a gap, or an
 * id seen already with its stored result as the step, or the id that is new.
 */
async function claimIn(store: Store, trx: Transaction<Database>, auth: AuthContext, deviceId: string, mutation: MutationToApply, now: string): Promise<Step | { kind: 'new'; id: number }> {
  const claim =
    store.dialect === 'sqlite'
      ? await claimFromLog(trx, deviceId, auth.user.id, mutation.id)
      : await claimWithDeviceRow(trx, deviceId, auth.user.id, mutation.id, now);
  if (claim.kind === 'seen') return { kind: 'result', result: await storedResult(trx, deviceId, claim.id) };
  return claim;
}

/** Claims the mutation's id and applies it (or answers its stored result) inside `trx`. */
async function applyIn(store: Store, trx: Transaction<Database>, auth: AuthContext, deviceId: string, mutation: MutationToApply): Promise<Step> {
  const now = new Date().toISOString();
  const claim = await claimIn(store, trx, auth, deviceId, mutation, now);
  if (claim.kind !== 'new') return claim;
  const id = claim.id;
  const lockRows = store.dialect === 'postgres';
  const ctx: HandlerContext = { trx, store: store.db, personal: store.personal, lockRows, auth, deviceId, now, clientTime: mutation.clientTime, takeSeq: () => takeNextSeq(trx, store.dialect) };
  return { kind: 'result', result: await applyOne(ctx, id, mutation) };
}

/** In a transaction of its own (the failed one rolled back): claims the id again and records the rejection. */
async function recordFailure(store: Store, db: Kysely<Database>, auth: AuthContext, deviceId: string, mutation: MutationToApply, error: Error): Promise<Step> {
  return db.transaction().execute(async (trx): Promise<Step> => {
    const now = new Date().toISOString();
    const claim = await claimIn(store, trx, auth, deviceId, mutation, now);
    if (claim.kind !== 'new') return claim;
    const result: MutationResult = {
      id: claim.id,
      status: 'rejected',
      code: 'MUTATION_FAILED',
      // (the class of the error only: its message may quote the data, and this is stored and sent back)
      message: `the server could not apply this mutation (${[error.name, errorCode(error)].filter(Boolean).join(' ')})`,
    };
    await insertMutationRecord(trx, {
      device_id: deviceId,
      mutation_id: claim.id,
      user_id: auth.user.id,
      name: storableText(mutation.name),
      status: result.status,
      result: JSON.stringify(result),
      seq: null,
      client_time: storableText(mutation.clientTime),
      received_at: now,
    });
    return { kind: 'result', result };
  });
}

const errorCode = (e: Error) => {
  const code = (e as Error & { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
};

/** Text as a column can hold it: at most 64 units, no NUL (PostgreSQL refuses NUL in text). */
const storableText = (s: string) => (s.includes('\u0000') ? s.split('\u0000').join('') : s).slice(0, 64);

async function storedResult(trx: Transaction<Database>, deviceId: string, id: number): Promise<MutationResult> {
  const stored = await trx.selectFrom('mutations').select('result').where('device_id', '=', deviceId).where('mutation_id', '=', id).executeTakeFirst();
  if (!stored) throw new Error(`device ${deviceId} passed mutation ${id} but its result is missing`);
  return mutationResultSchema.parse(JSON.parse(stored.result));
}

async function applyOne(ctx: HandlerContext, id: number, mutation: MutationToApply): Promise<MutationResult> {
  const parsed = parseMutationArgs(mutation.name, mutation.args);
  const outcome: HandlerOutcome = parsed.ok
    ? await dispatch(ctx, parsed.mutation)
    : { status: 'rejected', code: parsed.code, message: parsed.message, issues: parsed.issues };
  // The record's state goes back to the device in this answer only; the stored result stays small. (Object.assign
  // and delete rather than spreads: on this path, per pushed mutation, spreads of these objects cost several µs each.)
  if (parsed.ok && outcome.status !== 'rejected') await auditCaseChange(ctx, id, parsed.mutation, outcome.status);
  const result = Object.assign({ id }, outcome) as MutationResult & { state?: RecordState };
  const state = result.state;
  delete result.state;
  await insertMutationRecord(ctx.trx, {
    device_id: ctx.deviceId,
    mutation_id: id,
    user_id: ctx.auth.user.id,
    name: storableText(mutation.name),
    status: result.status,
    result: JSON.stringify(result),
    seq: result.seq ?? null,
    client_time: storableText(mutation.clientTime),
    received_at: ctx.now,
  });
  return state ? Object.assign(result, { data: state }) : result;
}

/**
 * Every case change leaves an audit row in the change's own transaction: who, from which device, which mutation,
 * which fields (their names only, never their values).
 */
async function auditCaseChange(ctx: HandlerContext, mutationId: number, m: ParsedMutation, status: 'applied' | 'conflict'): Promise<void> {
  let caseId: string;
  let details: Record<string, string | number | boolean | string[]>;
  switch (m.name) {
    case 'case.create':
      caseId = m.args.case.id;
      details = {};
      break;
    case 'case.edit':
      caseId = m.args.caseId;
      details = { fields: Object.keys(m.args.changes) };
      break;
    case 'case.transition':
      caseId = m.args.caseId;
      details = { transition: m.args.action };
      break;
    case 'case.resolveConflict':
      caseId = m.args.caseId;
      details = { conflictId: m.args.conflictId };
      break;
    default:
      return;
  }
  const { user } = ctx.auth;
  await recordAudit(ctx.trx, {
    action: m.name,
    actor: user,
    deviceId: ctx.deviceId,
    caseId,
    // The scope the case row has after this write, as recordAudit would read it back (undefined: it reads).
    scopePath: ctx.written?.caseId === caseId ? ctx.written.scopePath : undefined,
    at: new Date(ctx.now),
    details: { ...details, mutationId, ...(status === 'conflict' ? { conflict: true } : {}) },
  });
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
