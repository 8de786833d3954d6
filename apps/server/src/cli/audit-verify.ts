// Usage: pnpm --filter @tiaojie/server audit-verify [--prune]
// Checks the audit trail's hash chain (exit 1 when a row was edited or deleted); --prune first removes the events
// older than AUDIT_RETENTION_DAYS (at least 180), keeping the chain verifiable.
import { fileURLToPath } from 'node:url';
import { pruneAudit, verifyAudit } from '../audit/index.js';
import { readConfig } from '../config.js';
import { createDatabase } from '../db/index.js';

const config = readConfig(process.env, process.env.INIT_CWD ?? fileURLToPath(new URL('../../../..', import.meta.url)));
const store = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  if (process.argv.includes('--prune')) {
    const { pruned } = await pruneAudit(store.db, config.auditRetentionDays);
    console.log(`pruned ${pruned} audit events older than ${config.auditRetentionDays} days`);
  }
  const result = await verifyAudit(store.db);
  for (const p of result.problems) console.error(`${p.problem}: ${p.message}`);
  console.log(result.ok ? `audit trail intact: ${result.checked} events verified` : `audit trail TAMPERED: ${result.problems.length} problem(s) in ${result.checked} events`);
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exitCode = 2;
} finally {
  await store.close();
}
