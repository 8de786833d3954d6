// Usage: pnpm --filter @tiaojie/server restore <archive.tar.gz>      (stop the server first)
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { RestoreRefused, restoreBackup } from '../backup/restore-backup.js';
import { readConfig } from '../config.js';

const cwd = process.env.INIT_CWD ?? fileURLToPath(new URL('../../../..', import.meta.url));
const config = readConfig(process.env, cwd);
const archive = process.argv[2];
if (!archive) {
  console.error('usage: restore <archive.tar.gz>   (stop the server first; the current database is kept aside)');
  process.exit(2);
}
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: restore PostgreSQL with pg_restore, then run mark-restored (see docs/PRODUCTION.md).');
  process.exit(2);
}
try {
  const report = await restoreBackup({ archive: resolve(cwd, archive), dataDir: config.dataDir });
  console.log(`restored the backup of ${report.createdAt} into ${config.dataDir}`);
  console.log(`  schema ${report.migrations.at(-1) ?? '(empty)'}, seq ${report.maxSeq}, ${report.photos} photos`);
  console.log(`  rows: ${Object.entries(report.counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  if (report.previousKeptIn) console.log(`  the database it replaced is kept in ${report.previousKeptIn}`);
  console.log('  devices that synced after this backup will be asked to re-send their work when they next sync.');
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(error instanceof RestoreRefused ? `restore refused, nothing was changed: ${reason}` : `restore failed: ${reason}`);
  process.exitCode = 1;
}
