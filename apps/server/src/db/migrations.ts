import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { foundationMigration, isPostgres } from './migrations/001-foundation.js';
import { reportsMigration } from './migrations/003-reports.js';

/**
 * Migrations live in code (no directory scanning) so that the bundle and tests find them the same way.
 * Append new ones with the next number; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '001-foundation': foundationMigration,
  '003-reports': reportsMigration,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  // Kysely looks for its own tables in every schema unless told which: name the current one on PostgreSQL,
  // or a store in a fresh schema (tests) believes another schema's migration tables are its own.
  const schema = isPostgres(db) ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
