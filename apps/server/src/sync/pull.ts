import type { User } from '@tiaojie/domain';
import { versionsToSeqs, type Change, type PullResponse, type RecordsResponse, type SyncEntity, type WriterVersions } from '@tiaojie/sync';
import { gridPathOfRow, rowToCase, rowVersions } from '../cases/case-row.js';
import type { ActivityRow, CaseRow, Store } from '../db/index.js';
import { inSubtree } from '../org/index.js';
import { isInScope } from './handler-context.js';

type RowState = { seq: number; deleted: number; scope_path: string };

/** Upsert while the record is in the user's scope, remove once it left it (escalated away, deleted) or is unknown. */
function changeOf<Row extends RowState>(entity: SyncEntity, id: string, seq: number, row: Row | undefined, user: User, data: ((row: Row) => Change['data']) | null): Change {
  if (!row || row.deleted || !isInScope(row.scope_path, user.nodePath)) return { entity, id, op: 'remove', seq };
  return data ? { entity, id, op: 'upsert', seq, data: data(row) } : { entity, id, op: 'upsert', seq, stateSeq: Number(row.seq) };
}

const caseState = (row: CaseRow): Change['data'] => ({ doc: rowToCase(row), versions: versionsToSeqs(rowVersions(row)), originPath: gridPathOfRow(row), seq: Number(row.seq) });
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
  const rows = await db
    .selectFrom('change_log')
    .select(['seq', 'entity', 'entity_id'])
    .where('seq', '>', cursor)
    .where(inSubtree('scope_path', user.nodePath))
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
  if (page.length === 0) return { changes: [], cursor, hasMore: false };
  const nextCursor = Number(page[page.length - 1]!.seq);

  const lastSeq = new Map<string, { entity: SyncEntity; id: string; seq: number }>();
  for (const r of page) lastSeq.set(`${r.entity}:${r.entity_id}`, { entity: r.entity as SyncEntity, id: r.entity_id, seq: Number(r.seq) });
  const entries = [...lastSeq.values()].sort((a, b) => a.seq - b.seq);
  const changes = options.lean ? await leanChanges(store, user, entries) : await fullChanges(store, user, entries);
  return { changes, cursor: nextCursor, hasMore };
}

type Entry = { entity: SyncEntity; id: string; seq: number };
const idsOf = (entries: Entry[], entity: SyncEntity) => entries.filter((e) => e.entity === entity).map((e) => e.id);

async function fullChanges(store: Store, user: User, entries: Entry[]): Promise<Change[]> {
  const [cases, activities] = await Promise.all([readCases(store, idsOf(entries, 'case')), readActivities(store, idsOf(entries, 'activity'))]);
  return entries.map((e) =>
    e.entity === 'case' ? changeOf('case', e.id, e.seq, cases.get(e.id), user, caseState) : changeOf('activity', e.id, e.seq, activities.get(e.id), user, activityState),
  );
}

/** Only the columns that decide upsert or remove: no document is read or sent. */
async function leanChanges(store: Store, user: User, entries: Entry[]): Promise<Change[]> {
  const read = async (table: 'cases' | 'activities', ids: string[]) =>
    ids.length ? new Map((await store.db.selectFrom(table).select(['id', 'seq', 'deleted', 'scope_path']).where('id', 'in', ids).execute()).map((r) => [r.id, r])) : new Map();
  const [cases, activities] = await Promise.all([read('cases', idsOf(entries, 'case')), read('activities', idsOf(entries, 'activity'))]);
  return entries.map((e) => changeOf(e.entity, e.id, e.seq, (e.entity === 'case' ? cases : activities).get(e.id), user, null));
}

/** Current states by id for a device that lacks them after a lean pull; outside the user's scope reads as removed. */
export async function readRecords(store: Store, user: User, ids: { cases: string[]; activities: string[] }): Promise<RecordsResponse> {
  const [cases, activities] = await Promise.all([readCases(store, ids.cases), readActivities(store, ids.activities)]);
  // A remove says nothing more, not even whether the id exists elsewhere (seq 0).
  const changes: Change[] = [
    ...[...new Set(ids.cases)].map((id) => changeOf('case', id, Number(cases.get(id)?.seq ?? 0), cases.get(id), user, caseState)),
    ...[...new Set(ids.activities)].map((id) => changeOf('activity', id, Number(activities.get(id)?.seq ?? 0), activities.get(id), user, activityState)),
  ];
  return { changes: changes.map((c) => (c.op === 'remove' ? { ...c, seq: 0 } : c)) };
}

async function readCases(store: Store, ids: string[]): Promise<Map<string, CaseRow>> {
  if (ids.length === 0) return new Map();
  return new Map((await store.db.selectFrom('cases').selectAll().where('id', 'in', ids).execute()).map((r) => [r.id, r]));
}

async function readActivities(store: Store, ids: string[]): Promise<Map<string, ActivityRow>> {
  if (ids.length === 0) return new Map();
  return new Map((await store.db.selectFrom('activities').selectAll().where('id', 'in', ids).execute()).map((r) => [r.id, r]));
}
