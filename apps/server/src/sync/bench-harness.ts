import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { User } from '@tiaojie/domain';
import { createApp } from '../app.js';
import { findUserByUsername } from '../auth/users.js';
import { createDatabase, openSqlite, type Store } from '../db/index.js';
import type { AppConfig } from '../http/app-env.js';
import { DEMO_PASSWORD, seedDemoOrg } from '../seed/index.js';
import { applyMutations } from './apply-mutation.js';

/**
 * Helpers for bench/sync.bench.ts: the real server on loopback over a SQLite file (WAL, synchronous=FULL),
 * and in-process ingest next to raw inserts into the same file. Not used by the app.
 */
export async function startLoopbackServer(dataDir: string) {
  const store = await createDatabase({ dataDir });
  await seedDemoOrg(store);
  const config: AppConfig = { dataDir, tokenTtlDays: 30, production: false };
  const app = createApp({ store, config });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    store,
    async login(username: string, deviceId: string): Promise<{ token: string; user: User }> {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId }),
      });
      if (!res.ok) throw new Error(`login failed: ${res.status}`);
      const body = (await res.json()) as { token: string; user: User };
      return body;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

export async function countRows(store: Store, table: 'cases' | 'mutations'): Promise<number> {
  const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Server ingest (applyMutations as the push route calls it, in the engine's batches of 200: one transaction
 * per mutation with device claim, case row, change log, sequence and mutation record) against raw inserts of
 * the same case rows, one autocommitted INSERT each, into the same cases table (same indexes) of the same
 * SQLite file with the same pragmas. Both are acknowledged-durable per row.
 */
export async function measureIngest(dataDir: string, mutations: { name: 'case.create'; args: unknown }[]) {
  const store = await createDatabase({ dataDir });
  await seedDemoOrg(store);
  const found = await findUserByUsername(store.db, 'grid01');
  if (!found) throw new Error('grid01 missing');
  const auth = { user: found.user, tokenId: 'bench', deviceId: 'bench-device' };
  const t0 = performance.now();
  // As the push route receives them: the engine's batches of 200, each mutation in its own transaction.
  for (let start = 0; start < mutations.length; start += 200) {
    const batch = mutations.slice(start, start + 200).map((m, i) => ({ id: start + i + 1, name: m.name, args: m.args, clientTime: new Date().toISOString() }));
    const r = await applyMutations({ store }, auth, 'bench-device', batch);
    const bad = r.results.find((x) => x.status !== 'applied');
    if (bad || r.results.length !== batch.length) throw new Error(`ingest: ${bad?.status ?? 'short'} ${bad?.message ?? ''}`);
  }
  const ingestMs = performance.now() - t0;
  const rows = await store.db.selectFrom('cases').selectAll().execute();
  await store.close();

  const sqlite = openSqlite(`${dataDir}/tiaojie.sqlite`);
  // Same table, same indexes: the rows are taken out and inserted again, one autocommitted INSERT each.
  sqlite.exec('delete from cases');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const columns = Object.keys(rows[0]!);
  const insert = sqlite.prepare(`insert into cases (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
  const t1 = performance.now();
  for (const row of rows) insert.run(row);
  const rawMs = performance.now() - t1;
  const journal = sqlite.pragma('journal_mode', { simple: true });
  const synchronous = sqlite.pragma('synchronous', { simple: true });
  sqlite.close();
  return { ingestMs, rawMs, rows: rows.length, journal, synchronous };
}
