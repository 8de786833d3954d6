import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.js';
import { backupBeforeUpgrade } from './backup/pre-upgrade.js';
import { newestBackupAgeSeconds } from './backup/create-backup.js';
import { fillFileCompleteness } from './cases/fill-file-completeness.js';
import { numberExistingCases } from './cases/number-existing-cases.js';
import { indexExistingPartyNames } from './cases/party-names.js';
import { pruneAudit } from './audit/index.js';
import { readConfig } from './config.js';
import { prepareDataDir } from './db/data-dir.js';
import { loadMasterKey } from './crypto/master-key.js';
import { createDatabase } from './db/index.js';
import { scheduleDailyBackup } from './lifecycle/backup-schedule.js';
import { createDrain } from './lifecycle/drain.js';
import { createShutdown } from './lifecycle/graceful-shutdown.js';
import { createLogger, wantsPrettyLogs } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { DEMO_PASSWORD, demoAccounts, demoNodes, headlineAccounts, seedDemo } from './seed/index.js';
import { seedScaleCases } from './seed/scale-cases.js';
import { startEscalationSweep } from './risk/escalation-sweep.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
// Relative DATA_DIR and WEB_DIST are read from where the command was started (pnpm runs scripts in the package dir).
const config = startupStep(() => readConfig(process.env, process.env.INIT_CWD ?? repoRoot));
const logger = createLogger({ level: config.logLevel, pretty: wantsPrettyLogs(config.production) });
// Photos live here whichever database is used.
startupStep(() => prepareDataDir(config.dataDir));
const master = startupStep(() => loadMasterKey(config));
if (master.generated) logger.info({ keyFile: config.keyFile }, 'generated a master key (mode 0600): keep a copy apart from the database backups');

if (!config.databaseUrl) {
  const before = await backupBeforeUpgrade({ dataDir: config.dataDir, backupDir: config.backup.dir, keep: config.backup.keep });
  if (before) logger.info({ archive: before.archive, reason: before.manifest.reason }, 'backup taken before migrating');
}
const store = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, masterKey: master.key, cipher: config.cipher });

if (!config.production && (await seedDemo(store, config))) {
  console.log('Seeded the demo district. Accounts (password %s):', DEMO_PASSWORD);
  for (const a of demoAccounts.filter((d) => headlineAccounts.includes(d.username))) {
    console.log(`  ${a.username.padEnd(12)} ${a.role.padEnd(18)} ${a.displayName}`);
  }
}

const indexed = await indexExistingPartyNames(store);
if (indexed > 0) logger.info({ indexed }, 'indexed the party names of cases stored before the name search existed');
// Development and tests only: a district at city scale on top of the demo (the staff-scale e2e test), once.
const scale = Number(process.env.SEED_SCALE_CASES ?? 0);
if (!config.production && scale > 0 && !(await store.db.selectFrom('cases').select('id').where('id', '=', 'scale-000000').executeTakeFirst())) {
  // SEED_SCALE_GRIDS (ids, comma-separated) keeps the other grids small, e.g. for a grid worker's baseline.
  const only = process.env.SEED_SCALE_GRIDS?.split(',').filter(Boolean);
  const grids = demoNodes.filter((n) => n.kind === 'grid' && (!only || only.includes(n.id))).map((g) => `/d1/s1/${g.parentId}/${g.id}/`);
  await seedScaleCases(store, { count: scale, gridPaths: grids, subdistrictEvery: 100 });
  logger.info({ cases: scale }, 'seeded cases at scale (SEED_SCALE_CASES)');
}
const numbered = await numberExistingCases(store);
if (numbered > 0) logger.info({ numbered }, 'gave case numbers to cases stored before numbering existed');
// After numbering (a new number can complete a file's cover).
const judged = await fillFileCompleteness(store);
if (judged > 0) logger.info({ judged }, 'judged the case-file completeness of cases stored before it was kept');

// Audit retention: pruned at start and daily; a failure is reported and retried the next day, never fatal.
const prune = () => pruneAudit(store.db, config.auditRetentionDays).catch((e: unknown) => logger.error({ err: e }, 'audit pruning failed'));
void prune();
setInterval(() => void prune(), 86_400_000).unref();

const drain = createDrain();
// Red (or any self-escalating grade's) cases on switched-off phones still escalate: the server sweeps for them.
const stopSweep = startEscalationSweep(
  store,
  config.riskSweepSeconds * 1000,
  (e) => logger.error({ err: e }, 'risk escalation sweep failed'),
  (r) => logger.info({ escalated: r.escalated.length }, 'escalated cases whose risk limit passed'),
  (task) => drain.track(task),
);

const metrics = createMetrics({
  poolStats: store.poolStats,
  backupAgeSeconds: config.databaseUrl ? undefined : () => newestBackupAgeSeconds(config.backup.dir),
});
const app = createApp({ store, config, logger, metrics, drain, peerAddress: (c) => getConnInfo(c).remote.address });
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  logger.info({ port: info.port, database: store.dialect }, `tiaojie listening on http://localhost:${info.port}`);
}) as Server;

const schedule =
  config.backup.schedule === 'daily' && !config.databaseUrl
    ? scheduleDailyBackup({ dataDir: config.dataDir, backupDir: config.backup.dir, keep: config.backup.keep, hour: config.backup.hour, logger, drain })
    : undefined;

const shutdown = createShutdown({ server, store, drain, logger, timeoutMs: config.shutdownTimeoutMs, beforeDrain: () => {
    stopSweep();
    schedule?.stop();
  } });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void shutdown(signal).then((code) => process.exit(code));
  });
}

/** A configuration problem ends the process with its message alone, not a stack trace to dig through. */
function startupStep<T>(step: () => T): T {
  try {
    return step();
  } catch (e) {
    console.error(`tiaojie cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
