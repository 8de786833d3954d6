import { roleLevel, type User } from '@tiaojie/domain';
import { sql } from 'kysely';
import { escalatedTraceOf, PAGE_CHARS, versionsToSeqs, type Change, type PullResponse, type RecordsResponse, type SyncEntity, type WriterVersions } from '@tiaojie/sync';
import { gridPathOfRow, rowToCase, rowVersions } from '../cases/case-row.js';
import { discloseCase } from '../cases/party-disclosure.js';
import type { ActivityRow, CaseRow, Store } from '../db/index.js';
import { activityInPullScope, caseInPullScope, keepsSubtree, logRowsInPullScope } from './pull-scope.js';

type CaseState = { seq: number; deleted: number; scope_path: string; status: string };
type ActivityState = { seq: number; deleted: number; scope_path: string; created_by: string };

/**
 * Upsert while the record is in the user's pull scope, remove once it left it (escalated away, archived, deleted) or
 * is unknown; null (no change sent) for another user's work-log entry on a staff device, which it never held.
 */
function changeOf<Row extends CaseState | ActivityState>(entity: SyncEntity, id: string, seq: number, row: Row | undefined, user: User, data: ((row: Row) => Change['data']) | null): Change | null {
  if (entity === 'activity' && row && !keepsSubtree(user) && (row as ActivityState).created_by !== user.id) return null;
  const inScope = row && (entity === 'case' ? caseInPullScope(row as CaseState, user) : activityInPullScope(row as ActivityState, user));
  if (!row || !inScope) return { entity, id, op: 'remove', seq };
  return data ? { entity, id, op: 'upsert', seq, data: data(row) } : { entity, id, op: 'upsert', seq, stateSeq: Number(row.seq) };
}
const sent = (changes: (Change | null)[]): Change[] => changes.filter((c): c is Change => c !== null);

const caseStateOf = (store: Store, user: User) => (row: CaseRow): Change['data'] => ({
  doc: discloseCase(rowToCase(row, store.personal), user, store.personal.hashKey),
  versions: versionsToSeqs(rowVersions(row)), originPath: gridPathOfRow(row), seq: Number(row.seq) });
const activityState = (row: ActivityRow): Change['data'] => ({
  doc: JSON.parse(row.doc),
  versions: versionsToSeqs(JSON.parse(row.field_versions) as WriterVersions),
  originPath: row.scope_path,
  seq: Number(row.seq),
});

/**
 * Changes after `cursor` within the user's subtree, oldest first. The change log is read by seq (its primary
 * key leads with seq), so the cost follows the number of changes since the cursor, not the table size.
 * Each change carries the record's current state (with the seq of the write that produced it), or with `lean`
 * only that seq: upsert while it is in scope, remove once it left it (escalated away, deleted). A page never
 * ends inside one seq, so the returned cursor never skips a row.
 */
export async function pullChanges(store: Store, user: User, cursor: number, limit: number, options: { lean?: boolean } = {}): Promise<PullResponse> {
  const { db } = store;
  // The log's last seq, read first: every row up to it is committed (seqs commit in order), so once the rows in
  // scope up to it are all sent the cursor moves to it — past other scopes' rows, and past the device's own writes
  // that left its scope (a staff member's case created in a grid), which would otherwise wait in its outbox.
  const top = await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  const upper = Number(top?.seq ?? 0);
  const rows = await db
    .selectFrom('change_log')
    .select(['seq', 'entity', 'entity_id'])
    .where('seq', '>', cursor)
    .where('seq', '<=', upper)
    .where(logRowsInPullScope(user))
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  let page = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  if (hasMore) {
    const boundary = Number(rows[limit]!.seq);
    const cut = page.filter((r) => Number(r.seq) < boundary);
    // One seq has at most two rows (upsert + exit); limit >= 2 keeps a page from being all boundary rows.
    if (cut.length > 0) page = cut;
  }
  if (page.length === 0) return { changes: [], cursor: Math.max(cursor, upper), hasMore: false };
  const nextCursor = hasMore ? Number(page[page.length - 1]!.seq) : Math.max(cursor, upper);

  const lastSeq = new Map<string, { entity: SyncEntity; id: string; seq: number }>();
  for (const r of page) lastSeq.set(`${r.entity}:${r.entity_id}`, { entity: r.entity as SyncEntity, id: r.entity_id, seq: Number(r.seq) });
  let entries = [...lastSeq.values()].sort((a, b) => a.seq - b.seq);
  if (options.lean) return { changes: await withTraces(store, user, await leanChanges(store, user, entries)), cursor: nextCursor, hasMore };
  // Cut by size too: the page ends after the record that reaches PAGE_CHARS. Each record appears once, at the last
  // seq it has in the page, and no two records share a seq, so the cursor (the last kept record's seq) skips
  // only rows of records kept or written again after it (their later row comes with the next page).
  const kept = await withinBudget(store, entries);
  if (kept < entries.length) {
    entries = entries.slice(0, kept);
    return { changes: await withTraces(store, user, await fullChanges(store, user, entries)), cursor: entries[entries.length - 1]!.seq, hasMore: true };
  }
  return { changes: await withTraces(store, user, await fullChanges(store, user, entries)), cursor: nextCursor, hasMore };
}

/**
 * A grid worker's pull removes a case escalated out of the grid with its read-only trace: every phone of the
 * grid (a new one, a reinstall) lists it as 已上报, not only one that held the case when it left. Built from the
 * case as disclosed to this worker, and only for cases of the worker's own grid; deleted cases leave none.
 */
async function withTraces(store: Store, user: User, changes: Change[]): Promise<Change[]> {
  if (!keepsSubtree(user)) return changes;
  const ids = changes.filter((c) => c.entity === 'case' && c.op === 'remove').map((c) => c.id);
  if (ids.length === 0) return changes;
  const rows = await readCases(store, ids);
  const traces = new Map<string, NonNullable<Change['trace']>>();
  for (const [id, row] of rows) {
    if (row.deleted || !gridPathOfRow(row).startsWith(user.nodePath) || caseInPullScope(row, user)) continue;
    const trace = escalatedTraceOf(discloseCase(rowToCase(row, store.personal), user, store.personal.hashKey), roleLevel(user.role));
    if (trace) traces.set(id, trace);
  }
  if (traces.size === 0) return changes;
  return changes.map((c) => (c.entity === 'case' && c.op === 'remove' && traces.has(c.id) ? { ...c, trace: traces.get(c.id)! } : c));
}

/**
 * How many of `entries`, in order, fit in PAGE_CHARS of stored documents (at least one): measured in SQL, so a
 * page of huge documents (stored before the limits) is never read whole into memory or into one JSON string.
 */
async function withinBudget(store: Store, entries: Entry[]): Promise<number> {
  const [caseSizes, activitySizes] = await Promise.all([documentSizes(store, 'cases', idsOf(entries, 'case')), documentSizes(store, 'activities', idsOf(entries, 'activity'))]);
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    total += (e.entity === 'case' ? caseSizes : activitySizes).get(e.id) ?? 0;
    if (total > PAGE_CHARS && i > 0) return i;
  }
  return entries.length;
}

async function documentSizes(store: Store, table: 'cases' | 'activities', ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const size = table === 'cases' ? sql<number>`length(doc) + length(personal) + length(field_versions)` : sql<number>`length(doc) + length(field_versions)`;
  const rows = await store.db.selectFrom(table).select(['id', size.as('size')]).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, Number(r.size)]));
}

type Entry = { entity: SyncEntity; id: string; seq: number };
const idsOf = (entries: Entry[], entity: SyncEntity) => entries.filter((e) => e.entity === entity).map((e) => e.id);

async function fullChanges(store: Store, user: User, entries: Entry[]): Promise<Change[]> {
  const [cases, activities] = await Promise.all([readCases(store, idsOf(entries, 'case')), readActivities(store, idsOf(entries, 'activity'))]);
  return sent(
    entries.map((e) =>
      e.entity === 'case' ? changeOf('case', e.id, e.seq, cases.get(e.id), user, caseStateOf(store, user)) : changeOf('activity', e.id, e.seq, activities.get(e.id), user, activityState),
    ),
  );
}

/** Only the columns that decide upsert or remove: no document is read or sent. */
async function leanChanges(store: Store, user: User, entries: Entry[]): Promise<Change[]> {
  const caseIds = idsOf(entries, 'case');
  const activityIds = idsOf(entries, 'activity');
  const [cases, activities] = await Promise.all([
    caseIds.length ? store.db.selectFrom('cases').select(['id', 'seq', 'deleted', 'scope_path', 'status']).where('id', 'in', caseIds).execute() : [],
    activityIds.length ? store.db.selectFrom('activities').select(['id', 'seq', 'deleted', 'scope_path', 'created_by']).where('id', 'in', activityIds).execute() : [],
  ]);
  const caseRows = new Map(cases.map((r) => [r.id, r]));
  const activityRows = new Map(activities.map((r) => [r.id, r]));
  return sent(entries.map((e) => (e.entity === 'case' ? changeOf('case', e.id, e.seq, caseRows.get(e.id), user, null) : changeOf('activity', e.id, e.seq, activityRows.get(e.id), user, null))));
}

/** Current states by id for a device that lacks them after a lean pull; outside the user's scope reads as removed. */
export async function readRecords(store: Store, user: User, asked: { cases: string[]; activities: string[] }): Promise<RecordsResponse> {
  // Cut by size like a pull page: the ids past PAGE_CHARS are left out, and the device asks again for them.
  const wanted: Entry[] = [
    ...[...new Set(asked.cases)].map((id) => ({ entity: 'case' as const, id, seq: 0 })),
    ...[...new Set(asked.activities)].map((id) => ({ entity: 'activity' as const, id, seq: 0 })),
  ];
  const kept = await withinBudget(store, wanted);
  const ids = { cases: idsOf(wanted.slice(0, kept), 'case'), activities: idsOf(wanted.slice(0, kept), 'activity') };
  const [cases, activities] = await Promise.all([readCases(store, ids.cases), readActivities(store, ids.activities)]);
  // A remove says nothing more, not even whether the id exists elsewhere (seq 0).
  // (Asked by id, another user's entry reads as removed like anything else outside the scope.)
  const orRemoved = (c: Change | null, entity: SyncEntity, id: string): Change => c ?? { entity, id, op: 'remove', seq: 0 };
  const changes: Change[] = [
    ...ids.cases.map((id) => orRemoved(changeOf('case', id, Number(cases.get(id)?.seq ?? 0), cases.get(id), user, caseStateOf(store, user)), 'case', id)),
    ...ids.activities.map((id) => orRemoved(changeOf('activity', id, Number(activities.get(id)?.seq ?? 0), activities.get(id), user, activityState), 'activity', id)),
  ];
  const answer: RecordsResponse = { changes: changes.map((c) => (c.op === 'remove' ? { ...c, seq: 0 } : c)) };
  if (kept < wanted.length) answer.truncated = true;
  return answer;
}

async function readCases(store: Store, ids: string[]): Promise<Map<string, CaseRow>> {
  if (ids.length === 0) return new Map();
  return new Map((await store.db.selectFrom('cases').selectAll().where('id', 'in', ids).execute()).map((r) => [r.id, r]));
}

async function readActivities(store: Store, ids: string[]): Promise<Map<string, ActivityRow>> {
  if (ids.length === 0) return new Map();
  return new Map((await store.db.selectFrom('activities').selectAll().where('id', 'in', ids).execute()).map((r) => [r.id, r]));
}
