import { dateOrderIssues, nodeKindLevel, type DisputeCase, type Level, type OrgNode } from '@tiaojie/domain';
import {
  addConflicts,
  isSettledAutomaticEscalation,
  applyTransition,
  caseShape,
  checkCasePathValue,
  checkCaseDocument,
  conflictValueWithoutNames,
  collectionItemKey,
  createCaseDocument,
  hasOpenConflict,
  mergeEdit,
  nodeIdAtLevel,
  parsePath,
  resolveConflictInDocument,
  setPath,
  versionsToSeqs,
  type Doc,
  type MutationArgs,
  type RecordState,
  type WriterVersions,
} from '@tiaojie/sync';
import { assignFinalCaseNumber, caseNumberFormatOf, recordCaseNumber, seriesKeyOf } from '../cases/case-numbers.js';
import { caseToColumns, gridPathOfRow, rowToCase, rowVersions } from '../cases/case-row.js';
import { discloseCase, restoreWithheld } from '../cases/party-disclosure.js';
import type { CaseRow } from '../db/index.js';
import { findNode } from '../org/index.js';
import { mayReferencePhoto } from '../photos/photo-access.js';
import { partyNameHashes, writePartyNames } from '../cases/party-names.js';
import { caseInPullScope } from './pull-scope.js';
import { isInScope, reject, type HandlerContext, type HandlerOutcome } from './handler-context.js';
import { prepared } from './prepared.js';
import { recordedAt } from './recorded-at.js';

/**
 * Org nodes are never moved, renamed or deleted (ids and paths are permanent; the org store has no update), so a
 * node once read can be reused by later mutations, on every server instance; new nodes are simply not cached yet
 * (a miss is not remembered), so one added through another instance is found at once.
 */
const nodeCache = new WeakMap<object, Map<string, OrgNode>>();
async function findNodeCached(ctx: HandlerContext, id: string): Promise<OrgNode | null> {
  const key = ctx.store;
  let cache = nodeCache.get(key);
  if (!cache) nodeCache.set(key, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const node = await findNode(ctx.trx, id);
  if (node && cache.size < 100_000) cache.set(id, node);
  return node;
}

async function loadCase(ctx: HandlerContext, id: string): Promise<CaseRow | undefined> {
  return ctx.trx
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', id)
    .$if(ctx.lockRows, (q) => q.forUpdate())
    .executeTakeFirst();
}

/** The stored case if the user may change it; otherwise the rejection (outside scope reads as not found). */
async function loadCaseInScope(ctx: HandlerContext, id: string): Promise<{ row: CaseRow; current: DisputeCase } | HandlerOutcome> {
  const row = await loadCase(ctx, id);
  if (!row || !isInScope(row.scope_path, ctx.auth.user.nodePath)) {
    const moved = row && isInScope(gridPathOfRow(row), ctx.auth.user.nodePath);
    return reject('NOT_FOUND', moved ? `case ${id} is now handled at ${row.handling_level} level, outside your area` : `case ${id} not found in your area`);
  }
  if (row.deleted) return reject('NOT_FOUND', `case ${id} was deleted`);
  return { row, current: rowToCase(row, ctx.personal) };
}

/** Writes the case and its change log; returns its state as a pull would send it, if the author still sees it. */
async function writeCase(
  ctx: HandlerContext,
  input: { existing?: CaseRow; doc: DisputeCase; gridPath: string; versions: WriterVersions; seq: number; deleted?: boolean },
): Promise<RecordState | undefined> {
  const columns = caseToColumns(input.doc, input.gridPath, input.versions, hasOpenConflict(input.doc), ctx.personal);
  const deleted = input.deleted ? 1 : 0;
  if (input.existing) {
    await ctx.trx
      .updateTable('cases')
      .set({ ...columns, seq: input.seq, version: input.existing.version + 1, deleted, updated_at: ctx.now })
      .where('id', '=', input.doc.id)
      .execute();
  } else {
    await insertCaseRow(ctx.trx, Object.assign(columns, { seq: input.seq, version: 1, deleted, created_at: ctx.now, updated_at: ctx.now }));
  }
  ctx.written = { caseId: input.doc.id, scopePath: columns.scope_path };
  await writePartyNames(ctx.trx, input.doc.id, partyNameHashes(input.doc, ctx.personal.hashKey));
  const op = deleted ? 'remove' : 'upsert';
  await insertChange(ctx.trx, { seq: input.seq, entity: 'case', entity_id: input.doc.id, scope_path: columns.scope_path, op });
  // The old scope's devices must hear that the case left them (escalation), or they would keep a stale copy.
  if (input.existing && input.existing.scope_path !== columns.scope_path) {
    await insertChange(ctx.trx, { seq: input.seq, entity: 'case', entity_id: input.doc.id, scope_path: input.existing.scope_path, op: 'exit' });
  }
  // Only what the author's device keeps comes back (a staff desktop keeps its own unit's cases, not a grid's).
  if (!caseInPullScope({ scope_path: columns.scope_path, status: columns.status, deleted }, ctx.auth.user)) return undefined;
  // The document just written (the stored JSON is this object serialised); the device parses it on arrival.
  return { doc: discloseCase(input.doc, ctx.auth.user, ctx.personal.hashKey), versions: versionsToSeqs(input.versions), originPath: input.gridPath, seq: input.seq };
}

/** Every column of a case row, so that the prepared insert below names them all (checked by the compiler). */
const caseRowColumns = Object.keys({
  id: 1, seq: 1, version: 1, doc: 1, personal: 1, field_versions: 1, deleted: 1, has_conflict: 1, scope_path: 1, handling_node_id: 1,
  handling_level: 1, grid_id: 1, community_id: 1, subdistrict_id: 1, district_id: 1, status: 1, type: 1, source: 1, risk: 1,
  is_group: 1, people_involved: 1, reported_on: 1, accepted_on: 1, concluded_on: 1, outcome: 1, resolved_level: 1, body: 1,
  agreement_form: 1, agreement_amount: 1, court_confirmation: 1, follow_up_count: 1, file_complete: 1, prevented_criminal: 1, prevented_petition: 1,
  committee_id: 1, party_count: 1, performance: 1, prev_disputes: 1, prev_suicide: 1, prev_suicide_people: 1, prev_criminal: 1,
  prev_criminal_people: 1, prev_petition: 1, prev_petition_people: 1, prev_fight: 1, prev_fight_people: 1,
  intake_channel: 1, intake_number: 1, intake_received_at: 1,
  created_by: 1, created_at: 1, updated_at: 1,
} satisfies Record<keyof CaseRow, 1>) as (keyof CaseRow)[];

const insertCaseRow = prepared(caseRowColumns, (db, p) => db.insertInto('cases').values(p));
const insertChange = prepared(['seq', 'entity', 'entity_id', 'scope_path', 'op'], (db, p) => db.insertInto('change_log').values(p));
const caseExists = prepared(['id'], (db, p) => db.selectFrom('cases').select('id').where('id', '=', p.id));

function checked(doc: Doc): { ok: true; doc: DisputeCase } | { ok: false; outcome: HandlerOutcome } {
  const check = checkCaseDocument(doc);
  if (!check.ok) return { ok: false, outcome: reject(check.code, check.message, check.issues) };
  // Every write is held to the whole date-order rule (reading a stored case checks less, so old data stays visible).
  const order = dateOrderIssues(check.case);
  if (order.length > 0) return { ok: false, outcome: reject('DATES_OUT_OF_ORDER', `dates out of order: ${order.map((i) => `${i.path} ${i.code}`).join(', ')}`, order) };
  return { ok: true, doc: check.case };
}

/**
 * A case may name a photo only if its author uploads it or can already read it: otherwise knowing a hash would
 * open the photo to anyone who references it from a case of their own. Photos the case already named are not
 * checked again (a case reassigned to another grid keeps its photos).
 */
async function photoRefusal(
  ctx: HandlerContext,
  next: Pick<DisputeCase, 'photos' | 'signatures'>,
  before?: Pick<DisputeCase, 'photos' | 'signatures'>,
): Promise<HandlerOutcome | undefined> {
  // Signatures are stored as photos (content-addressed PNGs), so a signature naming a hash opens it the same way.
  const refs = (c: Pick<DisputeCase, 'photos' | 'signatures'> | undefined) => [...Object.values(c?.photos ?? {}), ...Object.values(c?.signatures ?? {})];
  const known = new Set(refs(before).map((p) => p.sha256));
  for (const ref of refs(next)) {
    if (known.has(ref.sha256)) continue;
    if (!(await mayReferencePhoto(ctx.trx, ref.sha256, ctx.auth.user))) {
      return reject('FORBIDDEN', `photo ${ref.sha256} is not one you uploaded or may see; upload it first`);
    }
    known.add(ref.sha256);
  }
  return undefined;
}

export async function createCase(ctx: HandlerContext, args: MutationArgs['case.create']): Promise<HandlerOutcome> {
  const input = args.case;
  const grid = await findNodeCached(ctx, input.gridId);
  if (!grid || grid.kind !== 'grid' || !isInScope(grid.path, ctx.auth.user.nodePath)) {
    return reject('FORBIDDEN', `grid ${input.gridId} is not a grid in your area`);
  }
  const [exists] = await caseExists(ctx.trx, { id: input.id });
  if (exists) return reject('VALIDATION_FAILED', `case id ${input.id} already exists`);
  // Built from a NewCase that passed newCaseSchema: valid by construction, so not parsed a second time.
  const doc = createCaseDocument(input, { createdBy: ctx.auth.user.id, createdAt: recordedAt(ctx.clientTime, ctx.now) }) as DisputeCase;
  const refused = await photoRefusal(ctx, doc);
  if (refused) return refused;
  const numbered = await numberCase(ctx, doc, grid.path);
  if (numbered) return numbered;
  const seq = await ctx.takeSeq();
  const state = await writeCase(ctx, { doc, gridPath: grid.path, versions: {}, seq });
  return { status: 'applied', seq, state };
}

export async function editCase(ctx: HandlerContext, args: MutationArgs['case.edit']): Promise<HandlerOutcome> {
  for (const [path, value] of Object.entries(args.changes)) {
    const target = parsePath(caseShape, path);
    if (!target) return reject('VALIDATION_FAILED', `${path} cannot be edited`);
    const key = collectionItemKey(target.field);
    if (target.itemId && value !== null && (value as Record<string, unknown> | undefined)?.[key] !== target.itemId) {
      return reject('VALIDATION_FAILED', `${path}: item ${key} must be ${target.itemId}`);
    }
  }
  const loaded = await loadCaseInScope(ctx, args.caseId);
  if ('status' in loaded) return loaded;
  const { row, current } = loaded;
  if (current.status === 'archived') return reject('ILLEGAL_TRANSITION', 'an archived case cannot be edited');
  // Merged at a provisional seq so that an invalid result is rejected before the sequence is taken.
  const merged = mergeEdit({ doc: current, versions: rowVersions(row), changes: restoreWithheld(args.changes, current, ctx.personal.hashKey), base: args.base, writer: ctx.deviceId, seq: 0 });
  if (merged.applied.length === 0 && merged.conflicts.length === 0) return { status: 'applied' };
  const doc = checked(merged.doc);
  if (!doc.ok) return doc.outcome;
  // A value that lost stays in the case as a choice for later: it must be one its field could hold.
  const invalid = merged.conflicts.flatMap((c) => checkCasePathValue(c.path, c.clientValue));
  if (invalid.length > 0) return reject('VALIDATION_FAILED', `invalid case: ${invalid[0]!.path} ${invalid[0]!.message}`, invalid);
  const room = merged.conflicts.length === 0 || addConflicts<{ resolved: boolean; detectedAt: string }>(doc.doc.conflicts, Object.fromEntries(merged.conflicts.map((_, i) => [`new-${i}`, { resolved: false, detectedAt: ctx.now }])));
  if (!room) return reject('VALIDATION_FAILED', 'this case has too many open conflicts: resolve some first', [{ path: 'conflicts', code: 'TOO_MANY', message: 'TOO_MANY' }]);
  const refused = await photoRefusal(ctx, doc.doc, current);
  if (refused) return refused;
  const seq = await ctx.takeSeq();
  for (const path of merged.applied) merged.versions[path] = { seq, by: ctx.deviceId };
  const added: DisputeCase['conflicts'] = {};
  merged.conflicts.forEach((c, i) => {
    const id = `k${seq}-${i}`;
    added[id] = {
      id,
      path: c.path,
      serverValue: conflictValueWithoutNames(c.path, c.serverValue),
      clientValue: conflictValueWithoutNames(c.path, c.clientValue),
      clientUserId: ctx.auth.user.id,
      clientDeviceId: ctx.deviceId,
      detectedAt: ctx.now,
      resolved: false,
    };
  });
  // (room was checked above, before the seq was taken)
  const conflicts = merged.conflicts.length === 0 ? doc.doc.conflicts : addConflicts(doc.doc.conflicts, added)!;
  const state = await writeCase(ctx, { existing: row, doc: { ...doc.doc, conflicts }, gridPath: gridPathOfRow(row), versions: merged.versions, seq });
  if (merged.conflicts.length === 0) return { status: 'applied', seq, state };
  const paths = merged.conflicts.map((c) => c.path);
  return { status: 'conflict', seq, code: 'EDIT_CONFLICT', message: `changed by someone else meanwhile: ${paths.join(', ')}`, conflicts: paths, state };
}

export async function transitionCase(ctx: HandlerContext, args: MutationArgs['case.transition']): Promise<HandlerOutcome> {
  if (args.action === 'escalate' && args.payload.automatic) {
    // An automatic escalation overtaken meanwhile (the case went up already, maybe out of this user's scope): done.
    const row = await loadCase(ctx, args.caseId);
    if (row && !row.deleted && isInScope(gridPathOfRow(row), ctx.auth.user.nodePath) && isSettledAutomaticEscalation(rowToCase(row, ctx.personal), args)) return { status: 'applied' };
  }
  const loaded = await loadCaseInScope(ctx, args.caseId);
  if ('status' in loaded) return loaded;
  const { row, current } = loaded;
  const gridPath = gridPathOfRow(row);
  let receivingNodeId: string | undefined;
  if (args.action === 'escalate') {
    receivingNodeId = await receivingNode(ctx, gridPath, args.payload.toLevel);
    if (!receivingNodeId) return reject('VALIDATION_FAILED', `no ${args.payload.toLevel} node above grid ${current.gridId}`);
  }
  const applied = applyTransition(current, args, { role: ctx.auth.user.role, userId: ctx.auth.user.id, receivingNodeId });
  if (!applied.ok) return reject(applied.code, applied.message);
  if (applied.unchanged) return { status: 'applied' };
  const doc = checked(applied.doc);
  if (!doc.ok) return doc.outcome;
  const seq = await ctx.takeSeq();
  const versions = rowVersions(row);
  for (const path of Object.keys(applied.setPaths)) versions[path] = { seq, by: ctx.deviceId };
  const state = await writeCase(ctx, { existing: row, doc: doc.doc, gridPath, versions, seq, deleted: applied.deleted });
  return { status: 'applied', seq, state };
}

/**
 * Gives a new case its final number (unless it came with one, from an imported ledger) and records the numbers it
 * came with, so that it is found by any of them. Runs before the seq is taken: the series row's lock (PostgreSQL)
 * is then always taken before the sequence's, in every transaction, so the two never deadlock.
 */
async function numberCase(ctx: HandlerContext, doc: DisputeCase, gridPath: string): Promise<HandlerOutcome | undefined> {
  if (doc.provisionalNo) await recordCaseNumber(ctx.trx, { caseId: doc.id, caseNo: doc.provisionalNo, kind: 'provisional', now: ctx.now });
  if (doc.caseNo) {
    await recordCaseNumber(ctx.trx, { caseId: doc.id, caseNo: doc.caseNo, kind: 'imported', now: ctx.now });
    return undefined;
  }
  const bodyId = nodeIdAtLevel(gridPath, 'subdistrict');
  const body = bodyId ? await findNodeCached(ctx, bodyId) : null;
  if (!body) return reject('VALIDATION_FAILED', `grid ${doc.gridId} has no sub-district to number its cases`);
  const format = await caseNumberFormatOf(ctx.trx, ctx.store, body);
  doc.caseNo = await assignFinalCaseNumber(ctx.trx, {
    caseId: doc.id,
    seriesKey: seriesKeyOf(body.id, doc.acceptedOn),
    year: doc.acceptedOn.slice(0, 4),
    format,
    now: ctx.now,
  });
  return undefined;
}

/** The ancestor of the case's grid at the target level, checked against the org tree. */
async function receivingNode(ctx: HandlerContext, gridPath: string, level: Level): Promise<string | undefined> {
  const id = nodeIdAtLevel(gridPath, level);
  if (!id) return undefined;
  const node = await findNodeCached(ctx, id);
  return node && nodeKindLevel[node.kind] === level ? node.id : undefined;
}

export async function resolveCaseConflict(ctx: HandlerContext, args: MutationArgs['case.resolveConflict']): Promise<HandlerOutcome> {
  const loaded = await loadCaseInScope(ctx, args.caseId);
  if ('status' in loaded) return loaded;
  const { row, current } = loaded;
  const resolved = resolveConflictInDocument(current, args.conflictId, args.value, setPath);
  if (!resolved.ok) return reject(resolved.code, resolved.message);
  if (resolved.unchanged) return { status: 'applied' };
  const doc = checked(resolved.doc);
  if (!doc.ok) return doc.outcome;
  // A conflict's kept value was never applied, so a photo it names is checked now.
  const refused = await photoRefusal(ctx, doc.doc, current);
  if (refused) return refused;
  const seq = await ctx.takeSeq();
  const versions = { ...rowVersions(row), [resolved.path]: { seq, by: ctx.deviceId } };
  const state = await writeCase(ctx, { existing: row, doc: doc.doc, gridPath: gridPathOfRow(row), versions, seq });
  return { status: 'applied', seq, state };
}
