import { activitySchema, zodIssuesToFieldIssues, type Activity } from '@tiaojie/domain';
import { activityShape, mergeEdit, parsePath, versionsToSeqs, type MutationArgs, type RecordState, type WriterVersions } from '@tiaojie/sync';
import type { ActivityRow } from '../db/index.js';
import { findNode } from '../org/index.js';
import { activityInPullScope } from './pull-scope.js';
import { isInScope, reject, type HandlerContext, type HandlerOutcome } from './handler-context.js';
import { preventionColumns } from '../cases/prevention-columns.js';

async function loadActivityInScope(ctx: HandlerContext, id: string): Promise<ActivityRow | HandlerOutcome> {
  const row = await ctx.trx
    .selectFrom('activities')
    .selectAll()
    .where('id', '=', id)
    .$if(ctx.lockRows, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row || !isInScope(row.scope_path, ctx.auth.user.nodePath)) return reject('NOT_FOUND', `activity ${id} not found in your area`);
  if (row.deleted) return reject('NOT_FOUND', `activity ${id} was deleted`);
  return row;
}

function checkActivity(doc: unknown): { ok: true; activity: Activity } | { ok: false; outcome: HandlerOutcome } {
  const parsed = activitySchema.safeParse(doc);
  if (parsed.success) return { ok: true, activity: parsed.data };
  const issues = zodIssuesToFieldIssues(parsed.error);
  return { ok: false, outcome: reject('VALIDATION_FAILED', `invalid activity: ${issues[0]?.path ?? ''} ${issues[0]?.message ?? ''}`, issues) };
}

async function writeActivity(
  ctx: HandlerContext,
  input: { existing?: ActivityRow; activity: Activity; scopePath: string; versions: WriterVersions; seq: number; deleted?: boolean },
): Promise<RecordState | undefined> {
  const a = input.activity;
  const columns = {
    doc: JSON.stringify(a),
    field_versions: JSON.stringify(input.versions),
    deleted: input.deleted ? 1 : 0,
    node_id: a.nodeId,
    scope_path: input.scopePath,
    kind: a.kind,
    date: a.date,
    participants: a.participants,
    disputes_found: a.disputesFound,
    ...preventionColumns(a.prevention),
    seq: input.seq,
    updated_at: ctx.now,
  };
  if (input.existing) {
    await ctx.trx.updateTable('activities').set({ ...columns, version: input.existing.version + 1 }).where('id', '=', a.id).execute();
  } else {
    await ctx.trx.insertInto('activities').values({ ...columns, id: a.id, version: 1, created_by: a.createdBy, created_at: ctx.now }).execute();
  }
  await ctx.trx
    .insertInto('change_log')
    .values({ seq: input.seq, entity: 'activity', entity_id: a.id, scope_path: input.scopePath, op: input.deleted ? 'remove' : 'upsert' })
    .execute();
  const createdBy = input.existing?.created_by ?? a.createdBy;
  if (!activityInPullScope({ scope_path: input.scopePath, created_by: createdBy, deleted: input.deleted ? 1 : 0 }, ctx.auth.user)) return undefined;
  // As pull.ts sends it: the stored JSON, read back.
  return { doc: JSON.parse(columns.doc) as unknown, versions: versionsToSeqs(input.versions), originPath: input.scopePath, seq: input.seq };
}

export async function createActivity(ctx: HandlerContext, args: MutationArgs['activity.create']): Promise<HandlerOutcome> {
  const node = await findNode(ctx.trx, args.activity.nodeId);
  if (!node || !isInScope(node.path, ctx.auth.user.nodePath)) return reject('FORBIDDEN', `node ${args.activity.nodeId} is not in your area`);
  const exists = await ctx.trx.selectFrom('activities').select('id').where('id', '=', args.activity.id).executeTakeFirst();
  if (exists) return reject('VALIDATION_FAILED', `activity id ${args.activity.id} already exists`);
  const checked = checkActivity({ ...args.activity, createdBy: ctx.auth.user.id, createdAt: ctx.now });
  if (!checked.ok) return checked.outcome;
  const seq = await ctx.takeSeq();
  const state = await writeActivity(ctx, { activity: checked.activity, scopePath: node.path, versions: {}, seq });
  return { status: 'applied', seq, state };
}

export async function editActivity(ctx: HandlerContext, args: MutationArgs['activity.edit']): Promise<HandlerOutcome> {
  for (const path of Object.keys(args.changes)) {
    if (!parsePath(activityShape, path)) return reject('VALIDATION_FAILED', `${path} cannot be edited`);
  }
  const row = await loadActivityInScope(ctx, args.activityId);
  if ('status' in row) return row;
  const merged = mergeEdit({
    doc: JSON.parse(row.doc) as Record<string, unknown>,
    versions: JSON.parse(row.field_versions) as WriterVersions,
    changes: args.changes,
    base: args.base,
    writer: ctx.deviceId,
    seq: 0,
  });
  if (merged.applied.length === 0 && merged.conflicts.length === 0) return { status: 'applied' };
  const checked = checkActivity(merged.doc);
  if (!checked.ok) return checked.outcome;
  const paths = merged.conflicts.map((c) => c.path);
  // Activities carry no conflict list: the server value is kept and the author is told which fields lost.
  const conflict = { status: 'conflict', code: 'EDIT_CONFLICT', message: `kept the other value for: ${paths.join(', ')}`, conflicts: paths } as const;
  if (merged.applied.length === 0) return conflict;
  const seq = await ctx.takeSeq();
  for (const path of merged.applied) merged.versions[path] = { seq, by: ctx.deviceId };
  const state = await writeActivity(ctx, { existing: row, activity: checked.activity, scopePath: row.scope_path, versions: merged.versions, seq });
  return merged.conflicts.length === 0 ? { status: 'applied', seq, state } : { ...conflict, seq, state };
}

export async function deleteActivity(ctx: HandlerContext, args: MutationArgs['activity.delete']): Promise<HandlerOutcome> {
  const row = await loadActivityInScope(ctx, args.activityId);
  if ('status' in row) return row;
  const activity = activitySchema.parse(JSON.parse(row.doc));
  const seq = await ctx.takeSeq();
  await writeActivity(ctx, { existing: row, activity, scopePath: row.scope_path, versions: JSON.parse(row.field_versions) as WriterVersions, seq, deleted: true });
  return { status: 'applied', seq };
}
