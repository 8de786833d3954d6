import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/** One security event; `detail` never carries the secret values themselves. */
export interface AuditEvent {
  action: 'party.reveal';
  actorId: string;
  deviceId?: string | undefined;
  caseId?: string;
  partyId?: string;
  detail: Record<string, unknown>;
}

/**
 * Appends an audit event. The one call site the reveal uses: the full audit module replaces this body (hash chain,
 * retention) without changing its callers.
 */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent, now = new Date()): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: randomUUID(),
      at: now.toISOString(),
      actor_id: event.actorId,
      device_id: event.deviceId ?? null,
      action: event.action,
      case_id: event.caseId ?? null,
      party_id: event.partyId ?? null,
      detail: JSON.stringify(event.detail),
    })
    .execute();
}
