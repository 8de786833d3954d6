/**
 * Runs inside Chromium for bench/sync.bench.ts (bundled by esbuild, served by the bench's own server, so
 * every request is same-origin). Both clients store in the browser's real IndexedDB: ours through Dexie
 * (apps/web/src/storage), PouchDB through its default browser adapter ('idb'). Not part of the app.
 */
import type { User } from '@tiaojie/domain';
import { createSyncEngine, openLocalStore, type CaseListQuery } from '../apps/web/src/storage/index.ts';
import { internalsOf } from '../apps/web/src/storage/store-internals.ts';
import { benchCaseDoc, percentileOf } from './sync-bench-docs.ts';

interface PouchDatabase {
  put(doc: Record<string, unknown>): Promise<unknown>;
  putAttachment(docId: string, name: string, rev: string, blob: Blob, type: string): Promise<{ rev: string }>;
  info(): Promise<{ doc_count: number; adapter?: string }>;
  replicate: { to(target: PouchDatabase): Promise<{ docs_written: number; ok: boolean }> };
}
type PouchDBStatic = new (name: string, options?: Record<string, unknown>) => PouchDatabase;

/** `count` photos of `bytes` each, every one different and incompressible (as JPEG bytes are). */
function benchPhotos(photos: { count: number; bytes: number } | undefined): Blob[] {
  return Array.from({ length: photos?.count ?? 0 }, () => {
    const bytes = new Uint8Array(photos!.bytes);
    for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(at + 65536, bytes.length)));
    return new Blob([bytes], { type: 'image/jpeg' });
  });
}

/** Marks the start or end of a timed sync on the bench server, which reads its sockets' byte counters then. */
const markBytes = (k: 'start' | 'end') => fetch(`/bench/mark?k=${k}`).then((r) => r.text());

async function oursSync(input: { n: number; token: string; user: User; deviceId: string; scattered: boolean; photos?: { count: number; bytes: number } }) {
  const store = await openLocalStore({ user: input.user, deviceId: input.deviceId });
  const saves: number[] = [];
  for (let i = 0; i < input.n; i++) {
    const t = performance.now();
    await store.createCase(benchCaseDoc(i, 'bench', input.scattered));
    saves.push(performance.now() - t);
  }
  const photos = benchPhotos(input.photos);
  for (const [i, blob] of photos.entries()) await store.addPhoto(benchCaseDoc(i % input.n, 'bench', input.scattered).id, { blob, kind: 'scene' });
  const inFetch = { push: 0, pull: 0, pushCalls: 0, pullCalls: 0 };
  let lastPushAnswer = 0;
  const timedFetch: typeof fetch = async (req, init) => {
    const t = performance.now();
    const res = await fetch(req, init);
    const body = await res.arrayBuffer();
    const kind = String(req).endsWith('/push') ? 'push' : 'pull';
    inFetch[kind] += performance.now() - t;
    inFetch[`${kind}Calls`]++;
    if (kind === 'push') lastPushAnswer = performance.now();
    return new Response(body, { status: res.status, headers: res.headers });
  };
  // Where the phone's share goes: the engine's calls into the store, timed in place (bench only).
  const onPhone: Record<string, number> = {};
  const internals = internalsOf(store) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const name of ['pendingEntries', 'applyPushResults', 'applyPullPage', 'getCursor', 'photosToUpload', 'recordSyncOutcome']) {
    const original = internals[name]!;
    internals[name] = async (...a: unknown[]) => {
      const t = performance.now();
      try {
        return await original(...a);
      } finally {
        onPhone[name] = (onPhone[name] ?? 0) + performance.now() - t;
      }
    };
  }
  const engine = createSyncEngine({ store, baseUrl: '', getToken: () => input.token, fetch: timedFetch });
  await markBytes('start');
  const t0 = performance.now();
  const result = await engine.syncNow();
  const syncMs = performance.now() - t0;
  await markBytes('end');
  const status = await store.getSyncStatus();
  const listed = await store.listCases({ limit: 1 });
  store.close();
  return {
    ok: result.ok,
    error: result.error?.message ?? null,
    pushed: result.pushed,
    pulled: result.pulled,
    pending: status.pending,
    localCases: listed.total,
    syncMs,
    pushMs: lastPushAnswer - t0,
    inFetch,
    onPhone,
    saveP50: percentileOf(saves, 50),
    saveP95: percentileOf(saves, 95),
  };
}

async function pouchReplicate(input: { n: number; scattered: boolean; photos?: { count: number; bytes: number } }) {
  const PouchDB = (globalThis as unknown as { PouchDB: PouchDBStatic }).PouchDB;
  const local = new PouchDB('bench-local');
  const revs: string[] = [];
  for (let i = 0; i < input.n; i++) {
    const doc = benchCaseDoc(i, 'bench', input.scattered);
    revs.push((await local.put({ _id: doc.id, ...doc }) as { rev: string }).rev);
  }
  // Photos as attachments of the cases (PouchDB's way of carrying binary data).
  for (const [i, blob] of benchPhotos(input.photos).entries()) {
    const at = i % input.n;
    revs[at] = (await local.putAttachment(benchCaseDoc(at, 'bench', input.scattered).id, `photo-${i}.jpg`, revs[at]!, blob, 'image/jpeg')).rev;
  }
  const remote = new PouchDB(`${location.origin}/pouch/cases`);
  await remote.info();
  await markBytes('start');
  const t0 = performance.now();
  const r = await local.replicate.to(remote);
  const replicateMs = performance.now() - t0;
  await markBytes('end');
  const info = await remote.info();
  const localInfo = await local.info();
  return { ok: r.ok, written: r.docs_written, remoteCount: info.doc_count, localAdapter: localInfo.adapter ?? '?', replicateMs };
}

/**
 * The phone's share alone, with no server running beside it: `n` cases saved offline, then their push answers
 * (as the server gives them: applied, a seq, the state as a patch carrying the final case number) applied batch by
 * batch as the engine does, timed. Shows what the phone's apply costs without the CPU the server takes meanwhile.
 */
async function phoneApply(input: { n: number; user: User; deviceId: string; scattered: boolean; batch: number }) {
  const store = await openLocalStore({ user: input.user, deviceId: input.deviceId });
  for (let i = 0; i < input.n; i++) await store.createCase(benchCaseDoc(i, 'bench', input.scattered));
  const internals = internalsOf(store);
  const answers: Parameters<typeof internals.applyPushResults>[0][] = [];
  let seq = 0;
  for (let after = 0; ; ) {
    const batch = await internals.pendingEntries(input.batch, after);
    if (batch.length === 0) break;
    const docs = await internals.db.caseDocs.bulkGet(batch.map((e) => e.caseId!));
    answers.push(
      batch.map((e, i) => {
        seq++;
        const caseNo = `（2024）清河调字第${String(seq).padStart(4, '0')}号`;
        return { id: e.id, status: 'applied' as const, seq, data: { doc: null, versions: {}, originPath: '/d1/s1/c1/g01/', seq }, docPatch: { set: { ...(docs[i]!.local as object), caseNo } } };
      }),
    );
    after = batch[batch.length - 1]!.id;
  }
  const perAnswer: number[] = [];
  for (const answer of answers) {
    const t = performance.now();
    await internals.applyPushResults(answer);
    perAnswer.push(performance.now() - t);
  }
  const pending = (await store.getSyncStatus()).pending;
  store.close();
  return { perAnswer, totalMs: perAnswer.reduce((a, b) => a + b, 0), pending };
}

let listStore: Awaited<ReturnType<typeof openLocalStore>> | undefined;

/** Fills a store with `n` cases through the storage API (as the field app would have saved them). */
async function seedListStore(input: { n: number; user: User }) {
  listStore = await openLocalStore({ user: input.user, deviceId: 'bench-list' });
  const types = ['neighbour', 'marriage_family', 'property_management', 'contract', 'damages'] as const;
  const t0 = performance.now();
  for (let i = 0; i < input.n; i++) {
    const doc = benchCaseDoc(i, 'list');
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
    await listStore.createCase({ ...doc, type: types[i % types.length]!, reportedOn: day, acceptedOn: day });
  }
  return { seedMs: performance.now() - t0 };
}

/**
 * Times the field app's list queries (one page of 50 and the total) on the seeded store. Text searches are timed
 * twice: right after a case was saved (the in-memory copy of the search text reads the saved row again) and while
 * typing (keystrokes search the copy; short words match a thousand cases, of which the page's rows are read).
 */
async function timeListCases(input: { repeat: number }) {
  const store = listStore!;
  const anyCase = (await store.listCases({ limit: 1 })).items[0]!.id;
  let edits = 0;
  const queries: Record<string, { query: (run: number) => CaseListQuery; before?: () => Promise<unknown> }> = {
    'newest 50': { query: () => ({}) },
    'open, newest 50': { query: () => ({ status: 'open' }) },
    'type filter': { query: () => ({ type: 'contract' }) },
    overdue: { query: () => ({ overdue: true }) },
    'text search after a save': { query: () => ({ text: '第123' }), before: () => store.editCase(anyCase, { facts: `第${edits++}次编辑` }) },
    'text search, typing': { query: (run) => ({ text: ['第1', '第12', '第123', '第1234'][run % 4] }) },
  };
  const timings: Record<string, { p50: number; p95: number; total: number }> = {};
  for (const [label, q] of Object.entries(queries)) {
    const runs: number[] = [];
    let total = 0;
    for (let r = 0; r < input.repeat; r++) {
      await q.before?.();
      const t = performance.now();
      total = (await store.listCases({ ...q.query(r), limit: 50 })).total;
      runs.push(performance.now() - t);
    }
    timings[label] = { p50: percentileOf(runs, 50), p95: percentileOf(runs, 95), total };
  }
  return timings;
}

/** The seeded phone after a sync: its outbox emptied, so lists look nothing up for "pending". */
async function emptyListOutbox() {
  await internalsOf(listStore!).db.outbox.clear();
}

Object.assign(globalThis, { benchClient: { oursSync, phoneApply, pouchReplicate, seedListStore, timeListCases, emptyListOutbox } });
