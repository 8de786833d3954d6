/**
 * Sync benchmark (DESIGN.md §6), all in one run on this machine:
 *  1. 1,000 cases created offline in the client engine, then pushed to the real server on loopback
 *     (SQLite file, WAL, synchronous=FULL) and confirmed (push results + pull of the server state),
 *     against PouchDB replicating the same 1,000 documents to a PouchDB server (express-pouchdb) on loopback.
 *     The client side runs in Node: our engine over fake-indexeddb, PouchDB over its in-memory adapter.
 *  2. Server ingest (the mutation applier, one transaction per mutation) against raw INSERTs of the same
 *     rows, one autocommitted statement each, into the same SQLite file with the same durability.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createSyncEngine, openLocalStore } from '../apps/web/src/storage/index.ts';
import { measureIngest, startLoopbackServer, countRows } from '../apps/server/src/sync/bench-harness.ts';

const require = createRequire(import.meta.url);
const N = 1000;

function caseDoc(i: number) {
  const id = `bench-${String(i).padStart(5, '0')}`;
  return {
    id,
    gridId: 'g01',
    type: 'neighbour' as const,
    source: 'proactive' as const,
    facts: `楼上卫生间漏水导致楼下墙面受损,双方就维修费用发生争执(第${i}件)`,
    reportedOn: '2024-03-01',
    acceptedOn: '2024-03-02',
    parties: {
      p1: { id: 'p1', role: 'applicant' as const, sex: 'female' as const, age: 60, personal: { name: '王秀英', phone: '13800138000' } },
      p2: { id: 'p2', role: 'respondent' as const, sex: 'male' as const, age: 45, personal: { name: '李建国' } },
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

async function benchOurSync() {
  const dir = mkdtempSync(join(tmpdir(), 'tiaojie-bench-'));
  const server = await startLoopbackServer(dir);
  try {
    const { token, user } = await server.login('grid01', 'bench-phone-1');
    const store = await openLocalStore({ user, deviceId: 'bench-phone-1', indexedDB: new IDBFactory(), IDBKeyRange });
    const saves: number[] = [];
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      await store.createCase(caseDoc(i));
      saves.push(performance.now() - t);
    }
    const inFetch = { push: 0, pull: 0 };
    let pushedAt = 0;
    const timedFetch: typeof fetch = async (input, init) => {
      const t = performance.now();
      const res = await fetch(input, init);
      await res.clone().arrayBuffer();
      const kind = String(input).endsWith('/push') ? 'push' : 'pull';
      inFetch[kind] += performance.now() - t;
      if (kind === 'push') pushedAt = performance.now();
      return res;
    };
    const engine = createSyncEngine({ store, baseUrl: server.url, getToken: () => token, fetch: timedFetch });
    const t0 = performance.now();
    const result = await engine.syncNow();
    const syncMs = performance.now() - t0;
    const pushMs = pushedAt - t0;
    if (!result.ok) throw new Error(`sync failed: ${result.error?.code} ${result.error?.message}`);
    const status = await store.getSyncStatus();
    const onServer = await countRows(server.store, 'cases');
    if (status.pending !== 0 || onServer !== N) throw new Error(`not confirmed: pending ${status.pending}, server ${onServer}`);
    store.close();
    return { syncMs, pushMs, inFetch, saveP50: percentile(saves, 50), saveP95: percentile(saves, 95), pushed: result.pushed, pulled: result.pulled };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPouch() {
  const PouchDB = require('pouchdb') as PouchDBStatic;
  PouchDB.plugin(require('pouchdb-adapter-memory'));
  const dir = mkdtempSync(join(tmpdir(), 'tiaojie-pouch-'));
  const ServerPouch = PouchDB.defaults({ prefix: `${dir}/` });
  const expressPouch = require('express-pouchdb') as (p: unknown, o: unknown) => Parameters<typeof createServer>[0];
  const app = expressPouch(ServerPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(dir, 'log.txt') });
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/cases`;
  try {
    const local = new PouchDB('bench-local', { adapter: 'memory' });
    for (let i = 0; i < N; i++) {
      const doc = caseDoc(i);
      await local.put({ _id: doc.id, ...doc });
    }
    const remote = new PouchDB(url);
    await remote.info();
    const t0 = performance.now();
    const r = await local.replicate.to(remote);
    const replicateMs = performance.now() - t0;
    const info = await remote.info();
    if (r.docs_written !== N || info.doc_count !== N) throw new Error(`pouch replicated ${r.docs_written}, server has ${info.doc_count}`);
    await local.destroy();
    return { replicateMs };
  } finally {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchIngest() {
  const dir = mkdtempSync(join(tmpdir(), 'tiaojie-ingest-'));
  try {
    return await measureIngest(
      dir,
      Array.from({ length: N }, (_, i) => ({ name: 'case.create' as const, args: { case: caseDoc(i) } })),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface PouchDBStatic {
  new (name: string, options?: Record<string, unknown>): PouchDatabase;
  plugin(p: unknown): void;
  defaults(o: Record<string, unknown>): unknown;
}
interface PouchDatabase {
  put(doc: Record<string, unknown>): Promise<unknown>;
  info(): Promise<{ doc_count: number }>;
  destroy(): Promise<unknown>;
  replicate: { to(target: PouchDatabase): Promise<{ docs_written: number }> };
}

const ours = await benchOurSync();
const pouch = await benchPouch();
const ingest = await benchIngest();

console.log(`client engine: ${N} offline saves (Node + fake-indexeddb, not the Chromium 4x-slowdown budget): p50 ${ours.saveP50.toFixed(2)} ms, p95 ${ours.saveP95.toFixed(2)} ms`);
console.log(`tiaojie sync: ${N} cases pushed and confirmed (push ${ours.pushed} + pull ${ours.pulled}) in ${ms(ours.syncMs)}`);
console.log(`  of which push (until the last push answer): ${ms(ours.pushMs)}; waiting on the server: push ${ms(ours.inFetch.push)}, pull ${ms(ours.inFetch.pull)}`);
console.log(`PouchDB → express-pouchdb replication of the same ${N} docs: ${ms(pouch.replicateMs)}`);
console.log(`ratio sync/pouchdb time: ${(ours.syncMs / pouch.replicateMs).toFixed(2)} (target < 1: faster than PouchDB)`);
console.log(`server ingest of ${ingest.rows} case.create mutations: ${ms(ingest.ingestMs)}; raw INSERTs of the same rows: ${ms(ingest.rawMs)} (journal ${ingest.journal}, synchronous ${ingest.synchronous})`);
console.log(`ratio ingest throughput / raw insert throughput: ${(ingest.rawMs / ingest.ingestMs).toFixed(2)} (target ≥ 0.50)`);
