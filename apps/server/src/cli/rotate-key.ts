// Usage: pnpm --filter @tiaojie/server rotate-key
// Re-wraps every data key under a new master key; party data itself is not rewritten, and running servers keep
// working (they hold their data keys unwrapped). With a key file: a new key is generated, written beside it as
// <KEY_FILE>.next (0600) before the database changes, and moved into place once they are committed. With
// MASTER_KEY: give the new key in NEW_MASTER_KEY, and set MASTER_KEY to it before the next start.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readConfig } from '../config.js';
import { rotateMasterKey } from '../crypto/keyring.js';
import { decodeMasterKey, loadMasterKey, writeKeyFile } from '../crypto/master-key.js';
import { createDatabase } from '../db/index.js';

const config = readConfig(process.env, process.env.INIT_CWD ?? fileURLToPath(new URL('../../../..', import.meta.url)));
if (!config.masterKey && !existsSync(config.keyFile)) {
  console.error(`no master key to rotate: neither MASTER_KEY nor the key file ${config.keyFile}`);
  process.exit(2);
}
const current = loadMasterKey(config).key;
const next = config.masterKey
  ? decodeMasterKey(process.env.NEW_MASTER_KEY ?? '', 'NEW_MASTER_KEY')
  : existsSync(`${config.keyFile}.next`)
    ? decodeMasterKey(readFileSync(`${config.keyFile}.next`, 'utf8'), `${config.keyFile}.next`)
    : randomBytes(32);
if (!config.masterKey) writeKeyFile(`${config.keyFile}.next`, next);
const store = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, masterKey: current, cipher: config.cipher });
try {
  const n = await rotateMasterKey(store.db, current, next);
  if (!config.masterKey) renameSync(`${config.keyFile}.next`, config.keyFile);
  console.log(`re-wrapped ${n} data key(s) under the new master key${config.masterKey ? ': set MASTER_KEY to NEW_MASTER_KEY before the next start' : ` now in ${config.keyFile}`}`);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exitCode = 1;
} finally {
  await store.close();
}
