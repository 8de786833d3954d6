// Usage: pnpm --filter @tiaojie/server backup        (reads DATA_DIR, BACKUP_DIR, BACKUP_KEEP like the server)
// Safe while the server runs: SQLite's online backup takes one consistent snapshot.
import { fileURLToPath } from 'node:url';
import { createBackup } from '../backup/create-backup.js';
import { readConfig } from '../config.js';

const config = readConfig(process.env, process.env.INIT_CWD ?? fileURLToPath(new URL('../../../..', import.meta.url)));
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: back PostgreSQL up with pg_dump (see docs/PRODUCTION.md) and copy DATA_DIR/photos with it.');
  process.exit(2);
}
try {
  const { archive, manifest, removed } = await createBackup({ dataDir: config.dataDir, backupDir: config.backup.dir, keep: config.backup.keep });
  console.log(`backup written: ${archive}`);
  console.log(`  schema ${manifest.migrations.at(-1) ?? '(empty)'}, seq ${manifest.maxSeq}, ${manifest.files.length - 1} photos`);
  console.log(`  rows: ${Object.entries(manifest.counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  for (const r of removed) console.log(`  removed old backup ${r} (keeping ${config.backup.keep})`);
} catch (error) {
  console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
