import type { AuditEventView } from '@tiaojie/domain';
import type { Kysely } from 'kysely';
import type { AuditEventRow, Database } from '../db/index.js';
import { inSubtree } from '../org/index.js';

export interface AuditFilter {
  /** Events within this subtree only; undefined: everything (administrators). */
  scopePath?: string | undefined;
  /** Username or user id of whoever acted. */
  actor?: string | undefined;
  caseId?: string | undefined;
  action?: string | undefined;
  /** ISO instants, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Only events older than this seq (paging backwards from the newest). */
  before?: number | undefined;
  limit: number;
}

export async function listAuditEvents(db: Kysely<Database>, f: AuditFilter): Promise<AuditEventView[]> {
  let q = db.selectFrom('audit_events').selectAll();
  if (f.scopePath !== undefined) q = q.where(inSubtree('scope_path', f.scopePath));
  if (f.actor !== undefined) {
    const actor = f.actor;
    q = q.where((eb) => eb.or([eb('actor_name', '=', actor.toLowerCase()), eb('actor_id', '=', actor)]));
  }
  if (f.caseId !== undefined) q = q.where('case_id', '=', f.caseId);
  if (f.action !== undefined) q = q.where('action', '=', f.action);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<=', f.to);
  if (f.before !== undefined) q = q.where('seq', '<', f.before);
  const rows = await q.orderBy('seq', 'desc').limit(f.limit).execute();
  return rows.map(auditRowToView);
}

export function auditRowToView(r: AuditEventRow): AuditEventView {
  return {
    seq: Number(r.seq),
    at: r.at,
    action: r.action,
    actorId: r.actor_id,
    actorName: r.actor_name,
    deviceId: r.device_id,
    caseId: r.case_id,
    partyId: r.party_id,
    target: r.target,
    details: JSON.parse(r.details) as AuditEventView['details'],
  };
}
