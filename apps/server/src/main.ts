import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.js';
import { pruneAudit } from './audit/index.js';
import { readConfig } from './config.js';
import { prepareDataDir } from './db/data-dir.js';
import { createDatabase } from './db/index.js';
import { DEMO_PASSWORD, demoAccounts, headlineAccounts, seedDemo } from './seed/index.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
// Relative DATA_DIR and WEB_DIST are read from where the command was started (pnpm runs scripts in the package dir).
const config = startupStep(() => readConfig(process.env, process.env.INIT_CWD ?? repoRoot));
// Photos live here whichever database is used.
startupStep(() => prepareDataDir(config.dataDir));
const store = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });

if (!config.production && (await seedDemo(store, config))) {
  console.log('Seeded the demo district. Accounts (password %s):', DEMO_PASSWORD);
  for (const a of demoAccounts.filter((d) => headlineAccounts.includes(d.username))) {
    console.log(`  ${a.username.padEnd(12)} ${a.role.padEnd(18)} ${a.displayName}`);
  }
}

// Audit retention: pruned at start and daily; a failure is reported and retried the next day, never fatal.
const prune = () => pruneAudit(store.db, config.auditRetentionDays).catch((e: unknown) => console.error('audit pruning failed:', e));
void prune();
setInterval(() => void prune(), 86_400_000).unref();

const app = createApp({ store, config, peerAddress: (c) => getConnInfo(c).remote.address });
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`tiaojie listening on http://localhost:${info.port} (${store.dialect})`);
});

const shutdown = () => {
  server.close();
  void store.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

/** A configuration problem ends the process with its message alone, not a stack trace to dig through. */
function startupStep<T>(step: () => T): T {
  try {
    return step();
  } catch (e) {
    console.error(`tiaojie cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
