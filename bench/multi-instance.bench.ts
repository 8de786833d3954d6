/**
 * Load benchmark (issue 18 §3): simulated phones against one and against three server instances, each set behind
 * nginx (round robin) on one PostgreSQL schema of its own. Each phone pushes BENCH_MUTATIONS new cases in one
 * batch, then pulls a page; BENCH_CONCURRENCY phones are in flight at once (closed loop). Prints throughput
 * (mutations/s, requests/s) and p50/p99 latency per request kind for both, then the three-instance figures as
 * ratios of the one-instance ones (the baseline, measured in the same run). With BENCH_SWEEP=1 it also runs the one
 * instance at rising concurrency and names the step after which throughput stops rising (where it saturates).
 * Tokens are issued straight into the database (2,000 sign-ins would measure the password hash, not sync).
 * Needs TEST_DATABASE_URL (or BENCH_DATABASE_URL) and nginx. On this 2-core machine the three instances share the
 * two cores with PostgreSQL, nginx and the client: the figures show the overhead of spreading, not the gain of more
 * machines.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueToken } from '../apps/server/src/auth/index.ts';
import { seedDemoOrg } from '../apps/server/src/seed/index.ts';
import { newCaseArgs } from '../apps/server/src/sync/sync-test-kit.ts';
import { findNginx, startNginx } from '../apps/server/src/test-support/nginx.ts';
import { spawnServer } from '../apps/server/src/test-support/spawn-server.ts';
import { spawnTargets } from '../apps/server/src/test-support/spawn-targets.ts';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 2000);
const MUTATIONS = Number(process.env.BENCH_MUTATIONS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
/** Phones per step of the saturation sweep (each step is a fresh run; fewer phones keep the sweep short). */
const SWEEP_DEVICES = Number(process.env.BENCH_SWEEP_DEVICES ?? 400);
const PROTOCOL_VERSION = 2;

process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
const target = spawnTargets().find((t) => t.name === 'postgres');
const nginx = findNginx();
if (!target || !nginx) {
  console.log(`multi-instance bench skipped: ${!target ? 'set TEST_DATABASE_URL (PostgreSQL)' : 'nginx is not installed (scripts/setup-system.sh)'}`);
  process.exit(0);
}

const grids = [
  ['grid01', 'g01'],
  ['grid02', 'g02'],
  ['grid03', 'g03'],
  ['grid04', 'g04'],
  ['grid05', 'g05'],
  ['grid06', 'g06'],
  ['grid07', 'g07'],
  ['grid08', 'g08'],
  ['grid09', 'g09'],
  ['grid10', 'g10'],
] as const;

interface Figures {
  instances: number;
  concurrency: number;
  seconds: number;
  mutationsPerSecond: number;
  requestsPerSecond: number;
  push: { p50: number; p99: number };
  pull: { p50: number; p99: number };
  failed: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function run(instances: number, concurrency: number, devices = DEVICES): Promise<Figures> {
  const db = await target!.create();
  const dirs: string[] = [];
  const store = await db.open();
  await seedDemoOrg(store);
  const users = await store.db.selectFrom('users').select(['id', 'username']).execute();
  const idOf = new Map(users.map((u) => [u.username, u.id]));
  const phones = [];
  for (let i = 0; i < devices; i++) {
    const [username, gridId] = grids[i % grids.length]!;
    const deviceId = `bench-${i}`;
    const { token } = await issueToken(store.db, { userId: idOf.get(username)!, deviceId, deviceName: 'bench', ttlDays: 1 });
    phones.push({ token, deviceId, gridId });
  }
  await store.close();
  const servers = await Promise.all(
    Array.from({ length: instances }, () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-bench-instance-'));
      dirs.push(dataDir);
      return spawnServer({ ...db.env, DATA_DIR: dataDir }, 120_000);
    }),
  );
  const balancer = await startNginx(servers.map((s) => s.url), nginx);
  const post = async (path: string, token: string, body: unknown) => {
    const started = performance.now();
    const res = await fetch(`${balancer.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return { ok: res.ok, ms: performance.now() - started };
  };
  const pushMs: number[] = [];
  const pullMs: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < phones.length; i = next++) {
          const phone = phones[i]!;
          const mutations = Array.from({ length: MUTATIONS }, (_, k) => ({ id: k + 1, name: 'case.create', clientTime: new Date().toISOString(), args: newCaseArgs(randomUUID(), phone.gridId) }));
          const push = await post('/api/sync/push', phone.token, { protocolVersion: PROTOCOL_VERSION, deviceId: phone.deviceId, mutations });
          pushMs.push(push.ms);
          const pull = await post('/api/sync/pull', phone.token, { protocolVersion: PROTOCOL_VERSION, cursor: 0, limit: 100 });
          pullMs.push(pull.ms);
          if (!push.ok || !pull.ok) failed++;
        }
      }),
    );
  } finally {
    await balancer.stop();
    await Promise.all(servers.map((s) => s.stop()));
    await db.dispose();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  pushMs.sort((a, b) => a - b);
  pullMs.sort((a, b) => a - b);
  return {
    instances,
    concurrency,
    seconds,
    mutationsPerSecond: (devices * MUTATIONS) / seconds,
    requestsPerSecond: (pushMs.length + pullMs.length) / seconds,
    push: { p50: quantile(pushMs, 0.5), p99: quantile(pushMs, 0.99) },
    pull: { p50: quantile(pullMs, 0.5), p99: quantile(pullMs, 0.99) },
    failed,
  };
}

const show = (f: Figures) =>
  console.log(
    `${f.instances} instance(s), ${f.concurrency} phones at once: ${f.seconds.toFixed(1)} s, ${f.mutationsPerSecond.toFixed(0)} mutations/s, ${f.requestsPerSecond.toFixed(0)} requests/s; ` +
      `push p50 ${f.push.p50.toFixed(0)} ms p99 ${f.push.p99.toFixed(0)} ms; pull p50 ${f.pull.p50.toFixed(0)} ms p99 ${f.pull.p99.toFixed(0)} ms; failed phones ${f.failed}`,
  );

console.log(`${DEVICES} phones × ${MUTATIONS} mutations + 1 pull each, ${CONCURRENCY} at once, through nginx on PostgreSQL`);
const one = await run(1, CONCURRENCY);
show(one);
const three = await run(3, CONCURRENCY);
show(three);
console.log(
  `three / one: throughput ${(three.mutationsPerSecond / one.mutationsPerSecond).toFixed(2)}×, push p99 ${(three.push.p99 / one.push.p99).toFixed(2)}×, pull p99 ${(three.pull.p99 / one.pull.p99).toFixed(2)}×`,
);

if (process.env.BENCH_SWEEP === '1') {
  // One instance at rising load: saturated where doubling the phones in flight adds under 10% throughput.
  console.log(`saturation sweep: one instance, ${SWEEP_DEVICES} phones per step`);
  let previous: Figures | undefined;
  for (const c of [1, 2, 4, 8, 16, 32, 64, 128, 256]) {
    const f = await run(1, c, SWEEP_DEVICES);
    show(f);
    if (previous && f.mutationsPerSecond < previous.mutationsPerSecond * 1.1) {
      console.log(`one instance saturates at about ${previous.concurrency} phones in flight (${previous.mutationsPerSecond.toFixed(0)} mutations/s; ${c} adds under 10%)`);
      break;
    }
    previous = f;
  }
}
