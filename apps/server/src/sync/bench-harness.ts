import { mkdirSync } from 'node:fs';
import { getRequestListener } from '@hono/node-server';
import type { User } from '@tiaojie/domain';
import { createApp } from '../app.js';
import { findUserByUsername } from '../auth/users.js';
import { createDatabase, openSqlite, type Store } from '../db/index.js';
import type { AppConfig } from '../http/app-env.js';
import { DEMO_PASSWORD, seedDemoOrg } from '../seed/index.js';
import { applyMutations, MUTATIONS_PER_GROUP_COMMIT } from './apply-mutation.js';

/**
 * Helpers for bench/sync.bench.ts: the real app over a SQLite file (WAL; push batches group-committed) as a Node
 * request listener (the bench mounts it next to its own pages, so the browser's requests are same-origin), and
 * in-process ingest next to raw inserts into the same file. Not used by the app.
 */
export async function createLoopbackApp(dataDir: string) {
  const store = await createDatabase({ dataDir });
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
 * per mutation with device claim, case row, change log, sequence and mutation record; each group of 100 of a
 * batch one group commit, on disk before the batch is answered) against raw inserts into the same tables (same
 * indexes) of the same SQLite file with the same pragmas (WAL) and THE SAME DURABILITY — on disk at the same
 * points:
 * - `casesEach`: the same case rows, one autocommitted INSERT (= one transaction) each, each group of 100 made
 *   durable the way SQLite does it itself: its last row committed at synchronous=FULL, whose WAL sync covers the
 *   group's earlier commits (ours: one explicit sync of the WAL file) — the headline baseline;
 * - `allRowsEach`: the same case, change_log and mutations rows, one transaction per case, grouped the same way
 *   (what ingest stores per mutation, without anything it reads or checks);
 * - `casesEachSynced`: the same case rows, every one synced on its own (information: per-row durability, the
 *   stronger promise ingest made before group commits);
 * - `casesOneTx`: the same case rows all in one transaction (information: no per-row atomicity).
 */
export async function measureIngest(dataDir: string, mutations: { name: 'case.create'; args: unknown }[], rounds = 3) {
  // Rounds alternate ingest and raw inserts on a fresh file each; medians, so one noisy moment does not decide.
  const runs: Awaited<ReturnType<typeof measureIngestOnce>>[] = [];
  // A round before the timed ones, not counted: a server has run the push path before (compiled by the JIT).
  for (let round = 0; round <= rounds; round++) {
    const dir = `${dataDir}/round-${round}`;
    mkdirSync(dir, { recursive: true });
    const run = await measureIngestOnce(dir, mutations);
    if (round > 0) runs.push(run);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    ingestMs: median(runs.map((r) => r.ingestMs)),
    raw: {
      casesEachMs: median(runs.map((r) => r.raw.casesEachMs)),
      allRowsEachMs: median(runs.map((r) => r.raw.allRowsEachMs)),
      casesEachSyncedMs: median(runs.map((r) => r.raw.casesEachSyncedMs)),
      casesOneTxMs: median(runs.map((r) => r.raw.casesOneTxMs)),
    },
    ratios: runs.map((r) => r.raw.casesEachMs / r.ingestMs),
    rows: runs[0]!.rows,
    journal: runs[0]!.journal,
  };
}

/** The engine's push batch size (the phone's default). */
const BATCH = 200;

async function measureIngestOnce(dataDir: string, mutations: { name: 'case.create'; args: unknown }[]) {
  const store = await createDatabase({ dataDir });
  await seedDemoOrg(store);
  const found = await findUserByUsername(store.db, 'grid01');
  if (!found) throw new Error('grid01 missing');
  const auth = { user: found.user, tokenId: 'bench', deviceId: 'bench-device' };
  const t0 = performance.now();
  // As the push route receives them: the engine's batches of 200, each mutation in its own transaction.
  for (let start = 0; start < mutations.length; start += BATCH) {
    const batch = mutations.slice(start, start + BATCH).map((m, i) => ({ id: start + i + 1, name: m.name, args: m.args, clientTime: new Date().toISOString() }));
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
  // Commits of a group go to the OS cache; the group's last one is synced, and with it the WAL before it.
  const grouped = (i: number, commit: () => void) => {
    const closesGroup = i % MUTATIONS_PER_GROUP_COMMIT === MUTATIONS_PER_GROUP_COMMIT - 1 || i === cases.length - 1;
    if (closesGroup) sqlite.pragma('synchronous = FULL');
    commit();
    if (closesGroup) sqlite.pragma('synchronous = NORMAL');
  };
  sqlite.pragma('synchronous = NORMAL');
  const casesEachMs = timed(() => {
    for (let i = 0; i < cases.length; i++) grouped(i, () => insertCase.run(cases[i]));
  });
  const allRowsEach = sqlite.transaction((i: number) => {
    insertCase.run(cases[i]);
    insertLog.run(logs[i]);
    insertMutation.run(stored[i]);
  });
  const allRowsEachMs = timed(() => {
    for (let i = 0; i < cases.length; i++) grouped(i, () => allRowsEach(i));
  });
  sqlite.pragma('synchronous = FULL');
  const casesEachSyncedMs = timed(() => {
    for (const row of cases) insertCase.run(row);
  });
  const casesOneTxMs = timed(
    sqlite.transaction(() => {
      for (const row of cases) insertCase.run(row);
    }),
  );
  const journal = sqlite.pragma('journal_mode', { simple: true });
  sqlite.close();
  return { ingestMs, raw: { casesEachMs, allRowsEachMs, casesEachSyncedMs, casesOneTxMs }, rows: cases.length, journal };
}
