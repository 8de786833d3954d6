import { hash as digestOf } from 'node:crypto';
import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { AuditAction } from '@tiaojie/domain';
import type { AuditEventRow, Database } from '../db/index.js';
import { prepared } from '../sync/prepared.js';

export { auditActions, type AuditAction } from '@tiaojie/domain';

type DetailValue = string | number | boolean | null | string[];

export interface AuditActor {
  id: string;
  username: string;
  nodePath: string;
}

export interface AuditEvent {
  action: AuditAction;
  /** Who did it; absent for the system (pruning) or an unknown user (a failed sign-in). */
  actor?: AuditActor | null | undefined;
  deviceId?: string | null | undefined;
  /** Whose subtree sees the event; defaults to the case's scope, else the actor's node, else the root. */
  scopePath?: string | undefined;
  caseId?: string | null | undefined;
  partyId?: string | null | undefined;
  target?: string | null | undefined;
  /** Why (a reveal's reason). */
  reason?: string | undefined;
  details?: Record<string, DetailValue | undefined> | undefined;
  at?: Date | undefined;
}

/** Detail keys that could carry a secret or personal value are dropped, whatever a caller passes. */
const SECRET_KEY = /pass|token|secret|idnumber|id_number|phone|mobile|personal/i;
const MAX_TEXT = 500;

/** On PostgreSQL rows read for a write are locked; SQLite's single writer needs no locks. */
export const onPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

export const GENESIS_HASH = '0'.repeat(64);

/** The hash a row must carry: over its predecessor's hash and every recorded column, in a fixed order. */
export function auditRowHash(row: Omit<AuditEventRow, 'hash'>): string {
  const fields = [
    row.prev_hash,
    String(row.seq),
    row.at,
    row.action,
    row.actor_id,
    row.actor_name,
    row.device_id,
    row.scope_path,
    row.case_id,
    row.party_id,
    row.target,
    row.details,
  ];
  // (the one-shot digest: no Hash object per row — every pushed case change writes one)
  return digestOf('sha256', JSON.stringify(fields), 'hex');
}

function cleanDetails(event: AuditEvent): string {
  const out: Record<string, DetailValue> = {};
  for (const [key, value] of Object.entries(event.details ?? {})) {
    if (value === undefined || SECRET_KEY.test(key)) continue;
    out[key] = typeof value === 'string' ? value.slice(0, MAX_TEXT) : Array.isArray(value) ? value.slice(0, 200).map((v) => String(v).slice(0, 100)) : value;
  }
  if (event.reason !== undefined) out.reason = event.reason.slice(0, MAX_TEXT);
  return JSON.stringify(out);
}

const text = (s: string | null | undefined, max = 200) => (s == null ? null : s.replaceAll('\u0000', '').slice(0, max));

/**
 * Appends one event to the chain, inside `db`'s transaction when it is one (a case change commits or rolls back
 * with its audit row), else in a transaction of its own. The chain's head row is locked for the rest of the
 * transaction on PostgreSQL (SQLite's writer lock does the same), so rows are chained in commit order.
 */
export async function recordAudit(db: Kysely<Database> | Transaction<Database>, event: AuditEvent): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((trx) => recordAudit(trx, event));
  const trx = db as Transaction<Database>;
  const [head] = onPostgres(trx) ? await lockedHead(trx, {}) : await readHead(trx, {});
  if (!head) throw new Error('audit_head row is missing');
  let scopePath = event.scopePath;
  if (scopePath === undefined && event.caseId) scopePath = (await caseScope(trx, { id: event.caseId }))[0]?.scope_path;
  const seq = Number(head.seq) + 1;
  const row: AuditEventRow = {
    seq,
    at: (event.at ?? new Date()).toISOString(),
    action: event.action,
    actor_id: event.actor?.id || null,
    actor_name: text(event.actor?.username, 100),
    device_id: text(event.deviceId, 100),
    scope_path: scopePath ?? event.actor?.nodePath ?? '/',
    case_id: text(event.caseId, 100),
    party_id: text(event.partyId, 100),
    target: text(event.target),
    details: cleanDetails(event),
    prev_hash: head.hash,
    hash: '',
  };
  // (over every column but the hash itself; set in place rather than copying the row)
  const hash = auditRowHash(row);
  row.hash = hash;
  await insertEvent(trx, row);
  await moveHead(trx, { seq, hash });
  return seq;
}

// Prepared (compiled once): every pushed case mutation runs these.
const readHead = prepared([], (db) => db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1));
const lockedHead = prepared([], (db) => db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate());
const caseScope = prepared(['id'], (db, p) => db.selectFrom('cases').select('scope_path').where('id', '=', p.id));
const insertEvent = prepared(
  ['seq', 'at', 'action', 'actor_id', 'actor_name', 'device_id', 'scope_path', 'case_id', 'party_id', 'target', 'details', 'prev_hash', 'hash'],
  (db, p) => db.insertInto('audit_events').values(p),
);
const moveHead = prepared(['seq', 'hash'], (db, p) => db.updateTable('audit_head').set({ seq: p.seq, hash: p.hash }).where('id', '=', 1));
