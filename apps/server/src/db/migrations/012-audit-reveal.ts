import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A minimal append-only record of security events, written first by the reveal of party data (cases/record-audit.ts).
 * The full audit trail (hash chain, retention, more actions) builds on this table. `detail` is JSON and never holds
 * the revealed values, only why and what kind.
 */
export const auditRevealMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table if not exists audit_events (
      id text primary key,
      at text not null,
      actor_id text not null,
      device_id text,
      action text not null,
      case_id text,
      party_id text,
      detail text not null
    )`.execute(db);
    await sql`create index if not exists audit_events_case on audit_events (case_id, at)`.execute(db);
  },
};
