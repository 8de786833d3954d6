import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { onPostgres, recordAudit } from './record-audit.js';

/** 等保 2.0 asks for at least six months of security audit records. */
export const MIN_AUDIT_RETENTION_DAYS = 180;

/**
 * Deletes the events older than `retentionDays` and records the pruning as an event of its own, carrying the
 * last pruned row's seq and hash: the first kept row still links to a hash the verifier knows, and the anchor
 * itself is covered by the chain. The retention horizon moves first, so the guard trigger lets only these go.
 */
export async function pruneAudit(db: Kysely<Database>, retentionDays: number, now = new Date()): Promise<{ pruned: number }> {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_AUDIT_RETENTION_DAYS) {
    throw new Error(`audit retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days`);
  }
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return db.transaction().execute(async (trx) => {
    const headQuery = trx.selectFrom('audit_head').selectAll().where('id', '=', 1);
    const head = await (onPostgres(trx) ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
    const firstKept = await trx.selectFrom('audit_events').select('seq').where('at', '>=', cutoff).orderBy('seq').limit(1).executeTakeFirst();
    const through = firstKept ? Number(firstKept.seq) - 1 : Number(head.seq);
    if (through <= Number(head.pruned_through)) return { pruned: 0 };
    const last = await trx.selectFrom('audit_events').select('hash').where('seq', '=', through).executeTakeFirst();
    if (!last) throw new Error(`audit row ${through} is missing: run audit-verify before pruning`);
    await trx.updateTable('audit_head').set({ prune_before: cutoff, pruned_through: through, pruned_hash: last.hash }).where('id', '=', 1).execute();
    const deleted = await trx.deleteFrom('audit_events').where('seq', '<=', through).executeTakeFirst();
    const pruned = Number(deleted.numDeletedRows);
    await recordAudit(trx, { action: 'audit.prune', details: { prunedThrough: through, prunedHash: last.hash, before: cutoff, count: pruned }, at: now });
    return { pruned };
  });
}
