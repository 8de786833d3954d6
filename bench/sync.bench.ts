/**
 * Sync benchmark (DESIGN.md §6), all in one run on this machine.
 *  1. 1,000 cases saved offline on the phone, then pushed to the real server and confirmed (every push result
 *     recorded, then a pull up to the server's state, outbox empty), against PouchDB replicating the same
 *     1,000 documents (same JSON) to a PouchDB server (express-pouchdb) — both clients in headless Chromium over
 *     the browser's real IndexedDB (ours: Dexie; PouchDB: its default browser adapter 'idb'), both servers on
 *     loopback in this process behind one HTTP listener (same origin, no proxy): ours on a SQLite file (WAL,
 *     push batches group-committed, synced to disk before they are answered), PouchDB's on its default on-disk
 *     LevelDB (which acknowledges writes from the OS cache, never syncing). Fresh servers and browser storage
 *     each round.
 *  2. Server ingest (the push path, one transaction per mutation, one group commit per 100) against raw
 *     INSERTs of the same rows into the same SQLite file with the same durability (see measureIngest).
 *  3. listCases on a phone holding 10,000 cases (Chromium, also with 4x CPU slowdown as on a cheap phone).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { countRows, createLoopbackApp, measureIngest } from '../apps/server/src/sync/bench-harness.ts';
import { benchCaseDoc } from './sync-bench-docs.ts';
import { launch } from './web-support.ts';

const require = createRequire(import.meta.url);
const N = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const LIST_CASES = Number(process.env.BENCH_LIST_CASES ?? 10_000);
/** The weak network (Chromium's emulation, a 2G/3G profile): off with BENCH_WEAK=0. */
const WEAK = process.env.BENCH_WEAK !== '0';
const WEAK_PROFILE = { offline: false, latency: 300, downloadThroughput: 250_000 / 8, uploadThroughput: 50_000 / 8 };
/** BENCH_SCATTERED_IDS=1: case ids in no order of saving, as the app's random UUIDs (default: ascending, as before). */
const SCATTERED = process.env.BENCH_SCATTERED_IDS === '1';
const PHOTO_CASES = 100;
const PHOTOS = { count: 20, bytes: Number(process.env.BENCH_PHOTO_KB ?? 30) * 1024 };
const kb = (v: number) => `${(v / 1024).toFixed(0)} KB`;
const ms = (v: number) => `${v.toFixed(0)} ms`;
const leftovers: string[] = [];
process.on('exit', () => leftovers.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The browser side, bundled once: our storage engine + the timing harness (esbuild comes with tsx). */
async function bundleClient(): Promise<string> {
  const esbuild = createRequire(require.resolve('tsx'))('esbuild') as typeof Esbuild;
  const out = await esbuild.build({
    entryPoints: ['bench/sync-bench-client.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // (readable function names in the phone's profile)
    minify: !process.env.BENCH_PROFILE,
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

const clientJs = await bundleClient();
const pouchJs = readFileSync(require.resolve('pouchdb/dist/pouchdb.min.js'), 'utf8');
const page = `<!doctype html><meta charset="utf-8"><title>sync bench</title>
<script src="/bench/pouchdb.js"></script><script type="module" src="/bench/client.js"></script>`;

interface PouchDBStatic {
  new (name: string): { info(): Promise<{ doc_count: number; adapter?: string; backend_adapter?: string }> };
  defaults(o: Record<string, unknown>): PouchDBStatic;
}

/** Both servers behind one listener: /api → tiaojie, /pouch → express-pouchdb, /bench → the page's files. */
async function startServers() {
  const dir = mkdtempSync(join(tmpdir(), 'tiaojie-syncbench-'));
  const ours = await createLoopbackApp(join(dir, 'tiaojie'));
  const PouchDB = require('pouchdb') as PouchDBStatic;
  mkdirSync(join(dir, 'pouch'));
  const ServerPouch = PouchDB.defaults({ prefix: `${dir}/pouch/` });
  const expressPouch = require('express-pouchdb') as (p: unknown, o: unknown) => (req: IncomingMessage, res: ServerResponse) => void;
  const pouchApp = expressPouch(ServerPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(dir, 'pouch-log.txt') });
  // Bytes on the wire (HTTP headers and bodies, as TCP carries them), read from the sockets' counters when the
  // page marks the start and the end of a timed sync (the page's own files load before the start).
  const sockets = new Set<Socket>();
  const counted = () => [...sockets].reduce((t, s) => ({ read: t.read + s.bytesRead, written: t.written + s.bytesWritten }), { read: 0, written: 0 });
  const marks: Record<string, { read: number; written: number }> = {};
  const serverMs = { push: [] as number[], pull: [] as number[] };
  const files: Record<string, [string, string]> = {
    '/': ['text/html', page],
    '/bench/client.js': ['text/javascript', clientJs],
    '/bench/pouchdb.js': ['text/javascript', pouchJs],
    '/favicon.ico': ['image/x-icon', ''],
  };
  const http = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/bench/mark?k=')) {
      marks[url.slice('/bench/mark?k='.length)] = counted();
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
    if (url.startsWith('/pouch/')) {
      req.url = url.slice('/pouch'.length);
      return pouchApp(req, res);
    }
    const file = files[url];
    if (file) return void res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
    // Server time per push and pull request, from its first byte read to its answer written (the phone waits on it).
    if (url === '/api/sync/push' || url === '/api/sync/pull') {
      const t = performance.now();
      const kind = url.endsWith('push') ? 'push' : 'pull';
      res.on('finish', () => serverMs[kind].push(performance.now() - t));
    }
    return void ours.listener(req, res);
  });
  http.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  return {
    /** Bytes the phone sent (the server read) and received (the server wrote) between the page's marks. */
    bytes: () => ({ sent: marks.end!.read - marks.start!.read, received: marks.end!.written - marks.start!.written }),
    serverMs,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    ours,
    pouchInfo: () => new ServerPouch('cases').info(),
    async close() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await ours.close();
      // express-pouchdb keeps writing its database list in the background: the files go when the bench ends.
      leftovers.push(dir);
    },
  };
}

type Client = {
  oursSync(i: unknown): Promise<{
    ok: boolean;
    error: string | null;
    pushed: number;
    pulled: number;
    pending: number;
    localCases: number;
    syncMs: number;
    pushMs: number;
    inFetch: { push: number; pull: number; pushCalls: number; pullCalls: number };
    onPhone: Record<string, number>;
    saveP50: number;
    saveP95: number;
  }>;
  phoneApply(i: unknown): Promise<{ perAnswer: number[]; totalMs: number; pending: number }>;
  pouchReplicate(i: unknown): Promise<{ ok: boolean; written: number; remoteCount: number; localAdapter: string; replicateMs: number }>;
  seedListStore(i: unknown): Promise<{ seedMs: number }>;
  timeListCases(i: unknown): Promise<Record<string, { p50: number; p95: number; total: number }>>;
  emptyListOutbox(i: unknown): Promise<void>;
};

async function openPage(browser: Awaited<ReturnType<typeof launch>>, url: string): Promise<Page> {
  const context = await browser.newContext();
  const p = await context.newPage();
  // (PouchDB's checkpoint lookups answer 404 by design; those console lines are not errors of the bench.)
  p.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && console.error('page:', m.text()));
  p.on('pageerror', (e) => console.error('page error:', e.message));
  await p.goto(url);
  await p.waitForFunction(() => 'benchClient' in globalThis && 'PouchDB' in globalThis);
  return p;
}

const call = <K extends keyof Client>(p: Page, fn: K, input: unknown) =>
  p.evaluate(([name, arg]) => (globalThis as unknown as { benchClient: Client }).benchClient[name as K](arg), [fn, input] as const) as ReturnType<Client[K]>;

type RoundOptions = { n?: number; photos?: { count: number; bytes: number }; weak?: boolean };

/** Chromium's network emulation for the page (throughputs in bytes per second, latency added per request). */
async function emulateWeakNetwork(p: Page) {
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', WEAK_PROFILE);
}

async function roundOurs(browser: Awaited<ReturnType<typeof launch>>, round: number, o: RoundOptions = {}) {
  const n = o.n ?? N;
  const servers = await startServers();
  try {
    const deviceId = `bench-phone-${round}`;
    const { token, user } = await servers.ours.login('grid01', deviceId);
    const p = await openPage(browser, servers.url);
    if (o.weak) await emulateWeakNetwork(p);
    // BENCH_PROFILE=1: the phone's CPU profile of the first round (saves and sync), for Chrome DevTools.
    const profiler = process.env.BENCH_PROFILE && round === 1 ? await p.context().newCDPSession(p) : null;
    if (profiler) await profiler.send('Profiler.enable').then(() => profiler.send('Profiler.start'));
    const r = await call(p, 'oursSync', { n, token, user, deviceId, scattered: SCATTERED, ...(o.photos ? { photos: o.photos } : {}) });
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      mkdirSync('test-artefacts', { recursive: true });
      writeFileSync('test-artefacts/sync-phone.cpuprofile', JSON.stringify(profile));
    }
    await p.context().close();
    const onServer = await countRows(servers.ours.store, 'cases');
    if (!r.ok || r.pending !== 0 || onServer !== n || r.localCases !== n) {
      throw new Error(`not confirmed: ok ${r.ok} ${r.error ?? ''}, pending ${r.pending}, server ${onServer}, phone ${r.localCases}`);
    }
    return { ...r, bytes: servers.bytes(), serverMs: servers.serverMs };
  } finally {
    await servers.close();
  }
}

async function roundPouch(browser: Awaited<ReturnType<typeof launch>>, o: RoundOptions = {}) {
  const n = o.n ?? N;
  const servers = await startServers();
  try {
    const p = await openPage(browser, servers.url);
    if (o.weak) await emulateWeakNetwork(p);
    const r = await call(p, 'pouchReplicate', { n, scattered: SCATTERED, ...(o.photos ? { photos: o.photos } : {}) });
    await p.context().close();
    const info = await servers.pouchInfo();
    if (!r.ok || r.written !== n || r.remoteCount !== n || info.doc_count !== n) throw new Error(`pouch replicated ${r.written}, server has ${info.doc_count}`);
    return { ...r, serverAdapter: info.backend_adapter ?? info.adapter ?? '?', bytes: servers.bytes() };
  } finally {
    await servers.close();
  }
}

/** The phone's apply of the push answers alone (no server working meanwhile), in a fresh page. */
async function benchPhoneApply(browser: Awaited<ReturnType<typeof launch>>, round: number) {
  const servers = await startServers();
  try {
    const { user } = await servers.ours.login('grid01', `bench-apply-${round}`);
    const p = await openPage(browser, servers.url);
    const r = await call(p, 'phoneApply', { n: N, user, deviceId: `bench-apply-${round}`, scattered: SCATTERED, batch: 200 });
    await p.context().close();
    if (r.pending !== 0) throw new Error(`phone apply left ${r.pending} pending`);
    return r;
  } finally {
    await servers.close();
  }
}

async function benchListCases(browser: Awaited<ReturnType<typeof launch>>) {
  const servers = await startServers();
  try {
    const { user } = await servers.ours.login('grid01', 'bench-list');
    const p = await openPage(browser, servers.url);
    const seeded = await call(p, 'seedListStore', { n: LIST_CASES, user });
    const plain = await call(p, 'timeListCases', { repeat: 20 });
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const slowed = await call(p, 'timeListCases', { repeat: 10 });
    // The same phone once everything is synced (no outbox entry to look up for the "pending" marks).
    await call(p, 'emptyListOutbox', {});
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const syncedPlain = await call(p, 'timeListCases', { repeat: 20 });
    await call(p, 'emptyListOutbox', {}); // (the timings' own edits left entries)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const syncedSlowed = await call(p, 'timeListCases', { repeat: 10 });
    await p.context().close();
    return { seeded, plain, slowed, synced: { plain: syncedPlain['newest 50']!, slowed: syncedSlowed['newest 50']! } };
  } finally {
    await servers.close();
  }
}

// First, in a fresh process (no browser, no PouchDB server writing in the background).
const dir = mkdtempSync(join(tmpdir(), 'tiaojie-ingest-'));
let ingest: Awaited<ReturnType<typeof measureIngest>>;
try {
  ingest = await measureIngest(
    dir,
    Array.from({ length: N }, (_, i) => ({ name: 'case.create' as const, args: { case: benchCaseDoc(i, 'bench', SCATTERED) } })),
    5,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const browser = await launch();
const ours: Awaited<ReturnType<typeof roundOurs>>[] = [];
const pouch: Awaited<ReturnType<typeof roundPouch>>[] = [];
let list: Awaited<ReturnType<typeof benchListCases>>;
const applyAlone: Awaited<ReturnType<typeof benchPhoneApply>>[] = [];
let weak: { ours: Awaited<ReturnType<typeof roundOurs>>; pouch: Awaited<ReturnType<typeof roundPouch>>; oursPhotos: Awaited<ReturnType<typeof roundOurs>>; pouchPhotos: Awaited<ReturnType<typeof roundPouch>> } | null = null;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternating, so neither side always runs on a warmer machine.
    if (round % 2) {
      ours.push(await roundOurs(browser, round));
      pouch.push(await roundPouch(browser));
    } else {
      pouch.push(await roundPouch(browser));
      ours.push(await roundOurs(browser, round));
    }
  }
  if (WEAK) {
    weak = {
      ours: await roundOurs(browser, 101, { weak: true }),
      pouch: await roundPouch(browser, { weak: true }),
      oursPhotos: await roundOurs(browser, 102, { weak: true, n: PHOTO_CASES, photos: PHOTOS }),
      pouchPhotos: await roundPouch(browser, { weak: true, n: PHOTO_CASES, photos: PHOTOS }),
    };
  }
  for (let round = 1; round <= ROUNDS; round++) applyAlone.push(await benchPhoneApply(browser, round));
  list = await benchListCases(browser);
} finally {
  await browser.close();
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`case ids: ${SCATTERED ? 'scattered (as random UUIDs)' : 'ascending'}`);
console.log(`clients: headless Chromium, real IndexedDB (ours: Dexie; PouchDB adapter '${pouch[0]!.localAdapter}'); servers on loopback: ours SQLite WAL, a group commit synced per 100 pushed mutations, PouchDB express-pouchdb on '${pouch[0]!.serverAdapter}' (its on-disk default)`);
ours.forEach((r, i) => {
  console.log(
    `round ${i + 1}: tiaojie ${N} cases pushed and confirmed (push ${r.pushed} + pull ${r.pulled}) in ${ms(r.syncMs)} ` +
      `[until last push answer ${ms(r.pushMs)}; in fetch: push ${ms(r.inFetch.push)} (${r.inFetch.pushCalls} calls), pull ${ms(r.inFetch.pull)} (${r.inFetch.pullCalls} calls); ` +
      `phone: ${Object.entries(r.onPhone).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}; ` +
      `on the server: push ${r.serverMs.push.map(ms).join(' + ')}, pull ${r.serverMs.pull.map(ms).join(' + ')}] — PouchDB replication ${ms(pouch[i]!.replicateMs)}`,
  );
});
const bytesOf = (r: { bytes: { sent: number; received: number } }) => r.bytes.sent + r.bytes.received;
ours.forEach((r, i) => {
  const p = pouch[i]!;
  console.log(`round ${i + 1} bytes on the wire (HTTP headers + bodies): tiaojie phone sent ${kb(r.bytes.sent)}, received ${kb(r.bytes.received)}; PouchDB sent ${kb(p.bytes.sent)}, received ${kb(p.bytes.received)}`);
});
const oursBytes = mean(ours.map(bytesOf));
const pouchBytes = mean(pouch.map(bytesOf));
console.log(`ratio tiaojie bytes / PouchDB bytes, sent + received (mean of ${ROUNDS} rounds, ${kb(oursBytes)} / ${kb(pouchBytes)}): ${(oursBytes / pouchBytes).toFixed(2)} (target ≤ 0.33); sent ${(mean(ours.map((r) => r.bytes.sent)) / mean(pouch.map((r) => r.bytes.sent))).toFixed(2)}, received ${(mean(ours.map((r) => r.bytes.received)) / mean(pouch.map((r) => r.bytes.received))).toFixed(2)}`);
console.log(`offline saves in Chromium (no CPU slowdown; the 4x budget is web-save-case.bench): p50 ${ours[0]!.saveP50.toFixed(2)} ms, p95 ${ours[0]!.saveP95.toFixed(2)} ms`);
const oursMean = mean(ours.map((r) => r.syncMs));
const pouchMean = mean(pouch.map((r) => r.replicateMs));
console.log(`ratio tiaojie sync / PouchDB replication (mean of ${ROUNDS} rounds, ${ms(oursMean)} / ${ms(pouchMean)}): ${(oursMean / pouchMean).toFixed(2)} (target ≤ 0.33)`);
if (weak) {
  const w = weak;
  const line = (label: string, o: typeof w.ours, p: typeof w.pouch) =>
    console.log(
      `weak network (Chromium emulation: ${WEAK_PROFILE.downloadThroughput * 8 / 1000} kbps down, ${WEAK_PROFILE.uploadThroughput * 8 / 1000} kbps up, ${WEAK_PROFILE.latency} ms latency), ${label}: ` +
        `tiaojie ${ms(o.syncMs)} (sent ${kb(o.bytes.sent)}, received ${kb(o.bytes.received)}), PouchDB ${ms(p.replicateMs)} (sent ${kb(p.bytes.sent)}, received ${kb(p.bytes.received)}) — ratio time ${(o.syncMs / p.replicateMs).toFixed(2)}, bytes ${(bytesOf(o) / bytesOf(p)).toFixed(2)}`,
    );
  line(`${N} cases`, w.ours, w.pouch);
  line(`${PHOTO_CASES} cases with ${PHOTOS.count} photos of ${kb(PHOTOS.bytes)} (random bytes, as incompressible as JPEG; PouchDB: attachments)`, w.oursPhotos, w.pouchPhotos);
}
console.log(
  `phone alone (no server working meanwhile): applying the ${N} push answers in batches of 200: ` +
    applyAlone.map((a) => `${ms(a.totalMs)} (${a.perAnswer.map(ms).join(' + ')})`).join('; ') +
    ` — mean ${ms(mean(applyAlone.map((a) => a.totalMs)))}`,
);
const r = ingest.raw;
console.log(`server ingest of ${ingest.rows} case.create mutations (one transaction each, batches of 200, a group commit synced per 100; journal ${ingest.journal}; medians of ${ingest.ratios.length} rounds on fresh files): ${ms(ingest.ingestMs)}`);
console.log(`  raw INSERTs of the same case rows, one transaction each, synced in the same groups of 100: ${ms(r.casesEachMs)}`);
console.log(`  raw INSERTs of the same case + change_log + mutations rows, one transaction per case, synced in the same groups: ${ms(r.allRowsEachMs)}`);
console.log(`  raw INSERTs of the same case rows, each synced on its own (information: per-row durability): ${ms(r.casesEachSyncedMs)}`);
console.log(`  raw INSERTs of the same case rows in ONE transaction (information only, no per-row atomicity): ${ms(r.casesOneTxMs)}`);
console.log(`ratio ingest throughput / raw case-row inserts, same durability: ${(r.casesEachMs / ingest.ingestMs).toFixed(2)} (target ≥ 0.50; per round ${ingest.ratios.map((x) => x.toFixed(2)).join(', ')})`);
console.log(`ratio ingest throughput / raw inserts of all its rows, same durability: ${(r.allRowsEachMs / ingest.ingestMs).toFixed(2)} (information)`);
console.log(`ratio ingest throughput / raw case-row inserts each synced on its own: ${(r.casesEachSyncedMs / ingest.ingestMs).toFixed(2)} (information)`);
console.log(`ratio ingest throughput / raw case-row inserts in one transaction: ${(r.casesOneTxMs / ingest.ingestMs).toFixed(2)} (information)`);

console.log(`listCases on a phone with ${LIST_CASES} cases, all unsynced (Chromium, real IndexedDB; seeded through createCase in ${ms(list.seeded.seedMs)}):`);
for (const [label, t] of Object.entries(list.plain)) {
  const s = list.slowed[label]!;
  console.log(`  ${label.padEnd(26)} p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms; 4x CPU slowdown p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (total ${t.total})`);
}
{
  const { plain: t, slowed: s } = list.synced;
  console.log(`  ${'newest 50, all synced'.padEnd(26)} p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms; 4x CPU slowdown p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (total ${t.total})`);
}
