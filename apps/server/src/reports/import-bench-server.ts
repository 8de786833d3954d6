/**
 * The server of bench/ledger-import.bench.ts, run in a process of its own so that the bench's client (and its
 * clock) never waits on the server's event loop: the real app over a SQLite file (WAL, as deployed by default)
 * with the demo org and 50 cases in grid g01 for the pull. Prints "READY <port>" when it listens. Not used by the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../app.js';
import { findUserByUsername } from '../auth/users.js';
import { createDatabase } from '../db/index.js';
import type { AppConfig } from '../http/app-env.js';
import { seedDemoOrg } from '../seed/index.js';
import { applyMutations } from '../sync/index.js';
import { newCaseArgs } from '../sync/sync-test-kit.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-import-bench-'));
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const store = await createDatabase({ dataDir });
await seedDemoOrg(store);
const grid01 = (await findUserByUsername(store.db, 'grid01'))!.user;
const seeded = await applyMutations(
  { store },
  { user: grid01, tokenId: 'bench', deviceId: 'bench-seed' },
  'bench-seed',
  Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: 'case.create' as const, args: newCaseArgs(`bench-pull-${i}`), clientTime: new Date().toISOString() })),
);
if (seeded.results.some((r) => r.status !== 'applied')) throw new Error('seeding the pull cases failed');
const config: AppConfig = { dataDir, tokenTtlDays: 30, production: false };
const app = createApp({ store, config });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`READY ${info.port}`));
process.on('SIGTERM', () => {
  server.close();
  void store.close().then(() => process.exit(0));
});
