import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from './001-foundation.js';

/**
 * The audit trail (apps/server/src/audit): one global hash chain. `audit_head` (one row) holds the chain's tip and
 * serialises writers (on PostgreSQL its row is locked for the writing transaction); `prune_before` is the retention
 * horizon: only rows older than it may be deleted, and no row may ever be updated. `pruned_hash` is the hash of the
 * last pruned row, so the first kept row still links to something the verifier can check.
 */
export const auditEventsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = isPostgres(db);
    const pathText = postgres ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable('audit_events')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_name', 'text')
      .addColumn('device_id', 'text')
      .addColumn('scope_path', pathText, (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('party_id', 'text')
      .addColumn('target', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_events_at').on('audit_events').columns(['at']).execute();
    await db.schema.createIndex('audit_events_case').on('audit_events').columns(['case_id', 'seq']).execute();
    await db.schema.createIndex('audit_events_scope').on('audit_events').columns(['scope_path', 'seq']).execute();
    await db.schema.createIndex('audit_events_actor').on('audit_events').columns(['actor_id', 'seq']).execute();

    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('prune_before', 'text', (c) => c.notNull())
      .addColumn('pruned_through', 'bigint', (c) => c.notNull())
      .addColumn('pruned_hash', 'text', (c) => c.notNull())
      .execute();
    const genesis = '0'.repeat(64);
    await sql`insert into audit_head (id, seq, hash, prune_before, pruned_through, pruned_hash) values (1, 0, ${genesis}, '', 0, ${genesis})`.execute(db);

    if (postgres) {
      await sql`create function audit_events_guard() returns trigger language plpgsql as $$
        begin
          if tg_op = 'UPDATE' then raise exception 'audit_events is append-only'; end if;
          if old.at >= (select prune_before from audit_head where id = 1) then raise exception 'audit_events is append-only'; end if;
          return old;
        end $$`.execute(db);
      await sql`create trigger audit_events_guard before update or delete on audit_events for each row execute function audit_events_guard()`.execute(db);
    } else {
      await sql`create trigger audit_events_no_update before update on audit_events
        begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
      await sql`create trigger audit_events_no_delete before delete on audit_events
        when old.at >= (select prune_before from audit_head where id = 1)
        begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
    }
  },
};
