/**
 * Ledger import benchmark (issue 13, point 4): how much a 10,000-row ledger import (and, as a second load, a
 * maximum-size sync push running with it) slows the other requests of the same server. The server is the real app
 * over a SQLite file in a child process (apps/server/src/reports/import-bench-server.ts); this process is the
 * client: one closed loop of GET /api/health and one of a 50-case POST /api/sync/pull, sequential requests each,
 * first on the idle server, then while the import job runs, then while the import and a push of the largest batch
 * run. Prints each phase's p50/p99 and the p99 ratio against idle (target ≤ 3×), and the server's peak RSS per phase
 * (sampled from /proc every 20 ms).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DEMO_PASSWORD, PROTOCOL_VERSION, ledgerColumns, newCaseArgs } from '../apps/server/src/reports/import-bench-kit.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const IDLE_REQUESTS = 600;
const PUSH_BATCH = Number(process.env.BENCH_PUSH_BATCH ?? 1000);

const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/reports/import-bench-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
process.on('exit', () => child.kill('SIGTERM'));
const port = await new Promise<number>((resolve, reject) => {
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (l) => {
    const m = /^READY (\d+)$/.exec(l);
    if (m) resolve(Number(m[1]));
    else console.log(`[server] ${l}`);
  });
  child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
});
const base = `http://127.0.0.1:${port}`;

/** The server's resident memory now (MB), from /proc (Linux). */
const rssMb = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

const street = await loginWith('street', 'bench-street');
const grid01 = await loginWith('grid01', 'bench-grid01');
const grid02 = await loginWith('grid02', 'bench-grid02-phone');

async function loginWith(username: string, deviceId: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

const health = async () => {
  const res = await fetch(`${base}/api/health`);
  if (!res.ok) throw new Error(`health ${res.status}`);
  await res.arrayBuffer();
};
const pull = async () => {
  const res = await fetch(`${base}/api/sync/pull`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${grid01}` },
    body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, cursor: 0, limit: 50 }),
  });
  if (!res.ok) throw new Error(`pull ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { changes: unknown[] };
  if (body.changes.length !== 50) throw new Error(`pull returned ${body.changes.length} changes`);
};

/** Runs the two request loops until `until` resolves (or `count` requests each), sampling the server's RSS. */
async function measure(label: string, stop: { count?: number; until?: Promise<unknown> }) {
  const lat = { health: [] as number[], pull: [] as number[] };
  let done = false;
  let peak = rssMb();
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
  const loop = async (kind: 'health' | 'pull', fn: () => Promise<void>) => {
    while (!done && (stop.count === undefined || lat[kind].length < stop.count)) {
      const t0 = performance.now();
      await fn();
      lat[kind].push(performance.now() - t0);
    }
  };
  const loops = Promise.all([loop('health', health), loop('pull', pull)]);
  const t0 = performance.now();
  if (stop.until) {
    await stop.until;
    done = true;
  }
  await loops;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb());
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
  const stats = {
    label,
    seconds: (performance.now() - t0) / 1000,
    peakRssMb: peak,
    health: { n: lat.health.length, p50: q(lat.health, 0.5), p99: q(lat.health, 0.99), max: Math.max(...lat.health) },
    pull: { n: lat.pull.length, p50: q(lat.pull, 0.5), p99: q(lat.pull, 0.99), max: Math.max(...lat.pull) },
  };
  return stats;
}

function ledgerCsv(rows: number, prefix: string): string {
  const headers = ledgerColumns.map((c) => c.header);
  const lines = [headers.join(',')];
  for (let i = 0; i < rows; i++) {
    const grid = `g${String((i % 10) + 1).padStart(2, '0')}`;
    const day = String((i % 28) + 1).padStart(2, '0');
    const values: Record<string, string> = {
      caseNo: `${prefix}-${i}`, gridId: grid, type: '邻里', source: '主动调解', risk: '一般', isGroup: '否', peopleInvolved: '2',
      reportedOn: `2023-03-${day}`, acceptedOn: `2023-03-${day}`, facts: `楼上漏水引发邻里纠纷 ${i}`, applicant: '张三丰', applicantPhone: '13812345678',
      respondent: '李四', body: '网格员', concludedOn: `2023-04-${day}`, outcome: '调解成功', resolvedLevel: '网格', agreementForm: '口头协议',
      courtConfirmation: '未申请', followUps: String(i % 3), preventedCriminal: '否', preventedPetition: '否',
    };
    lines.push(ledgerColumns.map((c) => values[c.key] ?? '').join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Starts an import job and resolves with its final state when it is done. */
async function runImport(csv: string) {
  const res = await fetch(`${base}/api/reports/import/ledger`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${street}` },
    body: csv,
  });
  if (res.status !== 202) throw new Error(`import start ${res.status} ${await res.text()}`);
  const t0 = performance.now();
  let job = (await res.json()) as { jobId: string; state: string; done: number; total: number; result: { created: number; rejected: number } | null };
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    job = (await (await fetch(`${base}/api/reports/import/ledger/jobs/${job.jobId}`, { headers: { authorization: `Bearer ${street}` } })).json()) as typeof job;
  }
  if (job.state !== 'done') throw new Error(`import ${job.state}`);
  return { ...job, seconds: (performance.now() - t0) / 1000 };
}

async function runPush(prefix: string) {
  const mutations = Array.from({ length: PUSH_BATCH }, (_, i) => ({
    id: i + 1,
    name: 'case.create',
    args: newCaseArgs(`${prefix}-${i}`, 'g02'),
    clientTime: new Date().toISOString(),
  }));
  const t0 = performance.now();
  const res = await fetch(`${base}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${grid02}` },
    body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId: 'bench-grid02-phone', mutations }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`push ${res.status} ${text.slice(0, 200)}`);
  return { status: res.status, seconds: (performance.now() - t0) / 1000 };
}

// Warm-up (JIT, statement cache), not counted.
await measure('warm-up', { count: 100 });
const idle = await measure('idle', { count: IDLE_REQUESTS });
const importing = runImport(ledgerCsv(ROWS, 'BENCH'));
const duringImport = await measure(`during a ${ROWS}-row import`, { until: importing });
const imported = await importing;
const secondImport = runImport(ledgerCsv(ROWS, 'BENCH2'));
const pushes = runPush('bench-push');
const duringBoth = await measure(`during a ${ROWS}-row import and a ${PUSH_BATCH}-mutation push`, { until: Promise.all([secondImport, pushes]) });
const [imported2, pushed] = [await secondImport, await pushes];

const fmt = (v: number) => `${v.toFixed(1)} ms`;
const row = (s: Awaited<ReturnType<typeof measure>>) => {
  const r = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(
    `${s.label.padEnd(55)} health p50 ${fmt(s.health.p50)} p99 ${fmt(s.health.p99)} (${r(s.health.p99, idle.health.p99)}, n=${s.health.n}, max ${fmt(s.health.max)}) | ` +
      `pull(50) p50 ${fmt(s.pull.p50)} p99 ${fmt(s.pull.p99)} (${r(s.pull.p99, idle.pull.p99)}, n=${s.pull.n}, max ${fmt(s.pull.max)}) | peak RSS ${s.peakRssMb.toFixed(0)} MB`,
  );
};
console.log(`\nServer: SQLite file (WAL), demo org; import as 'street' (${ROWS} concluded rows, follow-ups 0–2); pull as grid01 (50 cases).`);
row(idle);
row(duringImport);
row(duringBoth);
console.log(`import: ${imported.result?.created} created, ${imported.result?.rejected} rejected in ${imported.seconds.toFixed(1)} s (alone); ` +
  `${imported2.result?.created} created in ${imported2.seconds.toFixed(1)} s alongside the push`);
console.log(`push of ${PUSH_BATCH} case.create: ${pushed.seconds.toFixed(1)} s`);
const worst = Math.max(duringImport.health.p99 / idle.health.p99, duringImport.pull.p99 / idle.pull.p99);
console.log(`p99 ratio during the import (worst of health, pull): ${worst.toFixed(2)}× (target ≤ 3×)`);
child.kill('SIGTERM');
process.exit(0);
