import type { User } from '@tiaojie/domain';
import { versionsToSeqs, type Change, type PullResponse, type WriterVersions } from '@tiaojie/sync';
import { gridPathOfRow, rowToCase, rowVersions } from '../cases/case-row.js';
import type { Store } from '../db/index.js';
import { inSubtree } from '../org/index.js';
import { isInScope } from './handler-context.js';

/**
 * Changes after `cursor` within the user's subtree, oldest first. The change log is read by seq (its primary
 * key leads with seq), so the cost follows the number of changes since the cursor, not the table size.
 * Each change carries the record's current state (with the seq of the write that produced it): upsert while
 * it is in scope, remove once it left it (escalated away, deleted). A page never ends inside one seq, so the
 * returned cursor never skips a row.
 */
export async function pullChanges(store: Store, user: User, cursor: number, limit: number): Promise<PullResponse> {
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

  const lastSeq = new Map<string, { entity: string; id: string; seq: number }>();
  for (const r of page) lastSeq.set(`${r.entity}:${r.entity_id}`, { entity: r.entity, id: r.entity_id, seq: Number(r.seq) });
  const entries = [...lastSeq.values()].sort((a, b) => a.seq - b.seq);

  const caseIds = entries.filter((e) => e.entity === 'case').map((e) => e.id);
  const activityIds = entries.filter((e) => e.entity === 'activity').map((e) => e.id);
  const caseRows = caseIds.length ? await db.selectFrom('cases').selectAll().where('id', 'in', caseIds).execute() : [];
  const activityRows = activityIds.length ? await db.selectFrom('activities').selectAll().where('id', 'in', activityIds).execute() : [];
  const cases = new Map(caseRows.map((r) => [r.id, r]));
  const activities = new Map(activityRows.map((r) => [r.id, r]));

  const changes: Change[] = entries.map((e): Change => {
    if (e.entity === 'case') {
      const row = cases.get(e.id);
      if (!row || row.deleted || !isInScope(row.scope_path, user.nodePath)) return { entity: 'case', id: e.id, op: 'remove', seq: e.seq };
      return {
        entity: 'case',
        id: e.id,
        op: 'upsert',
        seq: e.seq,
        data: { doc: rowToCase(row), versions: versionsToSeqs(rowVersions(row)), originPath: gridPathOfRow(row), seq: Number(row.seq) },
      };
    }
    const row = activities.get(e.id);
    if (!row || row.deleted || !isInScope(row.scope_path, user.nodePath)) return { entity: 'activity', id: e.id, op: 'remove', seq: e.seq };
    return {
      entity: 'activity',
      id: e.id,
      op: 'upsert',
      seq: e.seq,
      data: { doc: JSON.parse(row.doc), versions: versionsToSeqs(JSON.parse(row.field_versions) as WriterVersions), originPath: row.scope_path, seq: Number(row.seq) },
    };
  });
  return { changes, cursor: nextCursor, hasMore };
}
