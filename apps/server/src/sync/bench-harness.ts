import { mkdirSync } from 'node:fs';
import { getRequestListener } from '@hono/node-server';
import { sql } from 'kysely';
import type { User } from '@tiaojie/domain';
import { createApp } from '../app.js';
import { findUserByUsername } from '../auth/users.js';
import { createDatabase, openSqlite, type Store } from '../db/index.js';
import type { AppConfig } from '../http/app-env.js';
import { DEMO_PASSWORD, seedDemoOrg } from '../seed/index.js';
import { applyMutations } from './apply-mutation.js';

/**
 * Helpers for bench/sync.bench.ts: the real app over a SQLite file (WAL, synchronous=FULL) as a Node request
 * listener (the bench mounts it next to its own pages, so the browser's requests are same-origin), and
 * in-process ingest next to raw inserts into the same file. Not used by the app.
 */
export async function createLoopbackApp(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
  const store = await createDatabase({ dataDir });
  // NORMAL (information only): commits reach the OS cache, not the disk, as with PouchDB's LevelDB writes (no sync).
  if (options.synchronous === 'NORMAL') await sql`pragma synchronous = NORMAL`.execute(store.db);
  await seedDemoOrg(store);
  const config: AppConfig = { dataDir, tokenTtlDays: 30, production: false };
  const app = createApp({ store, config });
  return {
    store,
    listener: getRequestListener(app.fetch),
    async login(username: string, deviceId: string): Promise<{ token: string; user: User }> {
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId }),
      });
      if (!res.ok) throw new Error(`login failed: ${res.status}`);
      return (await res.json()) as { token: string; user: User };
    },
    close: () => store.close(),
  };
}

export async function countRows(store: Store, table: 'cases' | 'mutations'): Promise<number> {
  const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Server ingest (applyMutations as the push route calls it, in the engine's batches of 200: one transaction
 * per mutation with device claim, case row, change log, sequence and mutation record) against raw inserts
 * into the same tables (same indexes) of the same SQLite file with the same pragmas (WAL, synchronous=FULL):
 * - `casesEach`: the same case rows, one autocommitted INSERT (= one durable transaction) each — the headline
 *   baseline: each acknowledged mutation is individually durable, so is each raw row;
 * - `allRowsEach`: the same case, change_log and mutations rows, one transaction per case (what ingest
 *   stores per mutation, without anything it reads or checks);
 * - `casesOneTx`: the same case rows all in one transaction (for information: no per-row durability).
 */
export async function measureIngest(dataDir: string, mutations: { name: 'case.create'; args: unknown }[], rounds = 3) {
  // Rounds alternate ingest and raw inserts on a fresh file each; medians, so one noisy moment does not decide.
  const runs: Awaited<ReturnType<typeof measureIngestOnce>>[] = [];
  for (let round = 1; round <= rounds; round++) {
    const dir = `${dataDir}/round-${round}`;
    mkdirSync(dir, { recursive: true });
    runs.push(await measureIngestOnce(dir, mutations));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    ingestMs: median(runs.map((r) => r.ingestMs)),
    raw: {
      casesEachMs: median(runs.map((r) => r.raw.casesEachMs)),
      allRowsEachMs: median(runs.map((r) => r.raw.allRowsEachMs)),
      casesOneTxMs: median(runs.map((r) => r.raw.casesOneTxMs)),
    },
    ratios: runs.map((r) => r.raw.casesEachMs / r.ingestMs),
    rows: runs[0]!.rows,
    journal: runs[0]!.journal,
    synchronous: runs[0]!.synchronous,
  };
}

async function measureIngestOnce(dataDir: string, mutations: { name: 'case.create'; args: unknown }[]) {
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
  const cases = await store.db.selectFrom('cases').selectAll().orderBy('seq').execute();
  const logs = await store.db.selectFrom('change_log').selectAll().orderBy('seq').execute();
  const stored = await store.db.selectFrom('mutations').selectAll().orderBy('mutation_id').execute();
  await store.close();
  if (cases.length !== mutations.length || logs.length !== cases.length || stored.length !== cases.length) throw new Error('ingest: row counts differ');

  const sqlite = openSqlite(`${dataDir}/tiaojie.sqlite`);
  const insertInto = (table: string, row: Record<string, unknown>) => {
    const columns = Object.keys(row);
    return sqlite.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
  };
  const insertCase = insertInto('cases', cases[0]!);
  const insertLog = insertInto('change_log', logs[0]!);
  const insertMutation = insertInto('mutations', stored[0]!);
  const clear = () => {
    sqlite.exec('delete from cases; delete from change_log; delete from mutations');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  };
  const timed = (fn: () => void) => {
    clear();
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  const casesEachMs = timed(() => {
    for (const row of cases) insertCase.run(row);
  });
  const allRowsEach = sqlite.transaction((i: number) => {
    insertCase.run(cases[i]);
    insertLog.run(logs[i]);
    insertMutation.run(stored[i]);
  });
  const allRowsEachMs = timed(() => {
    for (let i = 0; i < cases.length; i++) allRowsEach(i);
  });
  const casesOneTxMs = timed(
    sqlite.transaction(() => {
      for (const row of cases) insertCase.run(row);
    }),
  );
  const journal = sqlite.pragma('journal_mode', { simple: true });
  const synchronous = sqlite.pragma('synchronous', { simple: true });
  sqlite.close();
  return { ingestMs, raw: { casesEachMs, allRowsEachMs, casesOneTxMs }, rows: cases.length, journal, synchronous };
}
