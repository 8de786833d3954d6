import { sql, type Kysely, type Migration, type Transaction } from 'kysely';
import { foundationMigration, isPostgres } from './migrations/001-foundation.js';
import { reportsMigration } from './migrations/003-reports.js';
import { reportCoveringMigration } from './migrations/004-report-covering.js';
import { reportMonthOrderMigration } from './migrations/005-report-month-order.js';
import { sqliteClusteredLogsMigration } from './migrations/006-sqlite-clustered-logs.js';
import { loginThrottleMigration } from './migrations/007-login-throttle.js';
import { photoUploadsMigration } from './migrations/008-photo-uploads.js';
import { caseNumbersMigration } from './migrations/009-case-numbers.js';
import { serverHistoryMigration } from './migrations/010-server-history.js';
import { dataKeysMigration } from './migrations/011-data-keys.js';
import { auditEventsMigration } from './migrations/012-audit-events.js';
import { sessionControlsMigration } from './migrations/013-session-controls.js';
import { mediationStatsMigration } from './migrations/015-mediation-stats.js';
import { riskGradesMigration } from './migrations/016-risk-grades.js';
import { fileCompletenessMigration } from './migrations/017-file-completeness.js';
import { staffSearchMigration } from './migrations/018-staff-search.js';
import { deviceRecoveryKeysMigration } from './migrations/019-device-recovery-keys.js';
import { intakeChannelsMigration } from './migrations/020-intake-channels.js';
import { statsSignoffMigration } from './migrations/021-stats-signoff.js';
import { sharedStateMigration } from './migrations/022-shared-state.js';
import { statsMonthsMigration } from './migrations/023-stats-months.js';
import { statsRollupMigration } from './migrations/024-stats-rollup.js';
import { reportRollupMigration } from './migrations/025-report-rollup.js';

/**
 * Migrations live in code (no directory scanning) so that the bundle and tests find them the same way.
 * Append new ones with the next number; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '001-foundation': foundationMigration,
  '003-reports': reportsMigration,
  '004-report-covering': reportCoveringMigration,
  '005-report-month-order': reportMonthOrderMigration,
  '006-sqlite-clustered-logs': sqliteClusteredLogsMigration,
  '007-login-throttle': loginThrottleMigration,
  '008-photo-uploads': photoUploadsMigration,
  '009-case-numbers': caseNumbersMigration,
  '010-server-history': serverHistoryMigration,
  '011-data-keys': dataKeysMigration,
  '012-audit-events': auditEventsMigration,
  '013-session-controls': sessionControlsMigration,
  '015-mediation-stats': mediationStatsMigration,
  '016-risk-grades': riskGradesMigration,
  '017-file-completeness': fileCompletenessMigration,
  '018-staff-search': staffSearchMigration,
  '019-device-recovery-keys': deviceRecoveryKeysMigration,
  '020-intake-channels': intakeChannelsMigration,
  '021-stats-signoff': statsSignoffMigration,
  '022-shared-state': sharedStateMigration,
  '023-stats-months': statsMonthsMigration,
  '024-stats-rollup': statsRollupMigration,
  '025-report-rollup': reportRollupMigration,
};

/** Every migration this code knows, in order: a database that applied one not listed is newer than the code. */
export const knownMigrations: readonly string[] = Object.keys(migrations).sort();

/**
 * Applies the pending migrations in one transaction. Kysely's Migrator is not used: it introspects the tables
 * of every schema, which fails while another schema is being dropped (parallel test stores on one PostgreSQL).
 * This runner only reads its own table in the current schema; an advisory lock serialises servers starting
 * together on PostgreSQL, and SQLite's write lock does the same there.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  await db.transaction().execute(async (trx) => {
    if (postgres) await sql`select pg_advisory_xact_lock(hashtext(current_schema()))`.execute(trx);
    await sql`create table if not exists schema_migrations (name text primary key, applied_at text not null)`.execute(trx);
    const applied = new Set(await appliedMigrations(trx, postgres));
    // Forward only: code older than its database would misread rows it does not know; stop before touching them.
    const unknown = [...applied].filter((name) => !(name in migrations));
    if (unknown.length > 0) throw new Error(`the database was migrated by a newer version of tiaojie (${unknown.join(', ')}); run that version or restore a backup`);
    for (const name of Object.keys(migrations).sort()) {
      if (applied.has(name)) continue;
      try {
        await migrations[name]!.up(trx);
      } catch (error) {
        throw new Error(`migration ${name} failed: ${String(error)}`, { cause: error });
      }
      await sql`insert into schema_migrations (name, applied_at) values (${name}, ${new Date().toISOString()})`.execute(trx);
    }
  });
}

async function appliedMigrations(trx: Transaction<unknown>, postgres: boolean): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from schema_migrations`.execute(trx);
  if (rows.rows.length > 0) return rows.rows.map((r) => r.name);
  // Databases created before this runner recorded their migrations in Kysely's table: adopt that record.
  const legacy = postgres
    ? await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(trx)
    : await sql<{ t: string | null }>`select name as t from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(trx);
  if (!legacy.rows[0]?.t) return [];
  const names = (await sql<{ name: string }>`select name from kysely_migration`.execute(trx)).rows.map((r) => r.name);
  const now = new Date().toISOString();
  for (const name of names) await sql`insert into schema_migrations (name, applied_at) values (${name}, ${now})`.execute(trx);
  return names;
}
