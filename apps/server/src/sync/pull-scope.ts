import type { User } from '@tiaojie/domain';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { inSubtree } from '../org/index.js';

/**
 * What a device keeps (pull, records, push answers): a grid worker's phone its grid's subtree, a staff desktop only
 * what its user handles — cases whose handling unit is the user's own node and not yet archived (open ones to work
 * on, concluded ones awaiting reopen or archive), and the work-log entries the user wrote. Everything else in a
 * staff member's subtree is read online (GET /api/cases/search); the push and edit scope stays the whole subtree.
 */
export function keepsSubtree(user: Pick<User, 'role'>): boolean {
  return user.role === 'grid_worker';
}

export function caseInPullScope(row: { scope_path: string; status: string; deleted: number }, user: Pick<User, 'role' | 'nodePath'>): boolean {
  if (row.deleted) return false;
  if (keepsSubtree(user)) return row.scope_path.startsWith(user.nodePath);
  return row.scope_path === user.nodePath && row.status !== 'archived';
}

export function activityInPullScope(row: { scope_path: string; created_by: string; deleted: number }, user: Pick<User, 'role' | 'nodePath' | 'id'>): boolean {
  if (row.deleted || !row.scope_path.startsWith(user.nodePath)) return false;
  return keepsSubtree(user) || row.created_by === user.id;
}

/**
 * The change-log rows a device reads. A staff device reads the case rows logged at its own node only (the log
 * names the handling node's path: an escalation logs an upsert at the new node and an exit at the old one, so a
 * case arriving or leaving is seen), and the activity rows of its subtree (a few per community and week; others'
 * entries are dropped by `activityInPullScope` without a change being sent, as created_by never changes).
 */
export function logRowsInPullScope(user: Pick<User, 'role' | 'nodePath'>): RawBuilder<SqlBool> {
  if (keepsSubtree(user)) return inSubtree('scope_path', user.nodePath);
  return sql<SqlBool>`(scope_path = ${user.nodePath} or (entity = 'activity' and ${inSubtree('scope_path', user.nodePath)}))`;
}
