// Usage: pnpm --filter @tiaojie/server create-admin <districtId> <districtName> <username>
// Reads the password from ADMIN_PASSWORD so that it does not land in the shell history.
import { fileURLToPath } from 'node:url';
import { readConfig } from '../config.js';
import { loadMasterKey } from '../crypto/master-key.js';
import { createDatabase } from '../db/index.js';
import { bootstrapAdmin } from './bootstrap.js';

const [districtId, districtName, username] = process.argv.slice(2);
const password = process.env.ADMIN_PASSWORD ?? '';
if (!districtId || !districtName || !username || !password) {
  console.error('usage: ADMIN_PASSWORD=… create-admin <districtId> <districtName> <username>');
  process.exit(2);
}
const config = readConfig(process.env, process.env.INIT_CWD ?? fileURLToPath(new URL('../../../..', import.meta.url)));
const store = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, masterKey: loadMasterKey(config).key, cipher: config.cipher });
try {
  await bootstrapAdmin(store, { districtId, districtName, username, password });
  console.log(`created district ${districtId} and administrator ${username}`);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exitCode = 1;
} finally {
  await store.close();
}
