import { existsSync } from 'node:fs';
import { knownMigrations } from '../db/index.js';
import { createBackup, readFacts, sqliteFileIn, type BackupResult } from './create-backup.js';

/**
 * Before the server migrates an existing embedded database, it takes a backup of it as it is: migrations run in one
 * transaction (a failed one leaves the database as it was), and this copy is for a migration that succeeds but
 * turns out wrong. Returns undefined when there is nothing to migrate (or no database yet).
 */
export async function backupBeforeUpgrade(options: { dataDir: string; backupDir: string; keep: number }): Promise<BackupResult | undefined> {
  const file = sqliteFileIn(options.dataDir);
  if (!existsSync(file)) return undefined;
  const { migrations } = readFacts(file);
  if (migrations.length === 0) return undefined;
  const pending = knownMigrations.filter((m) => !migrations.includes(m));
  if (pending.length === 0) return undefined;
  return createBackup({ ...options, reason: `before migrating to ${pending.at(-1)}` });
}
