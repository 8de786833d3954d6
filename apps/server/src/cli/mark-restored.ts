// Usage: pnpm --filter @tiaojie/server mark-restored      (after pg_restore, before starting the server)
// Gives the restored database a new history id, so devices that synced past the backup re-pull and re-push.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { readConfig } from '../config.js';
import { createDatabase } from '../db/index.js';
import { markRestored } from '../sync/rewind.js';

const config = readConfig(process.env, process.env.INIT_CWD ?? fileURLToPath(new URL('../../../..', import.meta.url)));
const store = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const id = randomUUID();
  await markRestored(store, id);
  console.log(`marked as restored (history ${id}); devices will re-sync on their next contact`);
} finally {
  await store.close();
}
