import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, type PullResponse, type PushResponse } from '@tiaojie/sync';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerColumns, type LedgerKey } from './reports/ledger-format.js';
import { createDatabase } from './db/index.js';
import { DEMO_PASSWORD, seedDemoOrg } from './seed/index.js';
import { newCaseArgs } from './sync/sync-test-kit.js';
import { startServer, type ServerProcess } from './test-support/server-process.js';


/**
 * The real server process killed with SIGKILL in the middle of work, restarted on the same data, and the
 * client replaying what it was not told succeeded: nothing acknowledged is lost, nothing is doubled.
 */
const PG_URL = process.env.TEST_DATABASE_URL;

interface Backend {
  name: 'sqlite' | 'postgres';
  /** Environment for the server process; the same on every restart, so it finds its data again. */
  env: Record<string, string>;
  /** Test-side SQL against the server's database. */
  count(sqlText: string, params?: unknown[]): Promise<number>;
  dispose(): Promise<void>;
}

/**
 * The demo org and accounts, written before the server first starts: the server then skips its demo cases
 * (seeding them takes longer than the test itself on a loaded machine).
 */
async function seedOrg(config: Parameters<typeof createDatabase>[0]) {
  const store = await createDatabase(config);
  await seedDemoOrg(store);
  await store.close();
}

async function sqliteBackend(): Promise<Backend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-fault-'));
  await seedOrg({ dataDir });
  const { default: SQLite } = await import('better-sqlite3');
  return {
    name: 'sqlite',
    env: { DATA_DIR: dataDir, DATABASE_URL: '' },
    async count(sqlText, params = []) {
      const db = new SQLite(join(dataDir, 'tiaojie.sqlite'), { readonly: true });
      try {
        return Number((db.prepare(sqlText.replace(/\$\d+/g, '?')).get(...params) as { n: number }).n);
      } finally {
        db.close();
      }
    },
    async dispose() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(url: string): Promise<Backend> {
  const schema = `fault_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await seedOrg({ databaseUrl: url, pgSchema: schema, poolSize: 1 });
  const serverUrl = new URL(url);
  serverUrl.searchParams.set('options', `-c search_path=${schema}`);
  serverUrl.searchParams.set('application_name', schema);
  const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-fault-pg-'));
  return {
    name: 'postgres',
    env: { DATA_DIR: dataDir, DATABASE_URL: serverUrl.toString() },
    async count(sqlText, params = []) {
      const res = await admin.query<{ n: string }>(sqlText.replace(/\bfrom (\w+)/g, `from ${schema}.$1`), params);
      return Number(res.rows[0]?.n);
    },
    async dispose() {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const backends: { name: string; make: () => Promise<Backend> }[] = [
  { name: 'sqlite', make: sqliteBackend },
  ...(PG_URL ? [{ name: 'postgres', make: () => postgresBackend(PG_URL) }] : []),
];

/** A phone's view of the server: signs in once, pushes from its outbox, pulls. */
class Phone {
  token = '';
  constructor(
    public server: ServerProcess,
    readonly username: string,
    readonly deviceId: string,
  ) {}

  async login() {
    const res = await fetch(`${this.server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: this.username, password: DEMO_PASSWORD, deviceId: this.deviceId }),
    });
    if (res.status !== 200) throw new Error(`login ${this.username}: ${res.status} ${await res.text()}`);
    this.token = ((await res.json()) as { token: string }).token;
  }

  /** Resolves with the server's answer, or null when the connection died before one came. */
  async push(mutations: { id: number; name: string; args: unknown }[]): Promise<PushResponse | null> {
    let res: Response;
    try {
      res = await fetch(`${this.server.baseUrl}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId: this.deviceId, mutations: mutations.map((m) => ({ ...m, clientTime: new Date().toISOString() })) }),
      });
    } catch {
      return null;
    }
    if (res.status !== 200) return null;
    try {
      return (await res.json()) as PushResponse;
    } catch {
      return null;
    }
  }

  async pullIds(): Promise<string[]> {
    const ids: string[] = [];
    let cursor = 0;
    for (;;) {
      const res = await fetch(`${this.server.baseUrl}/api/sync/pull`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, cursor, limit: 500, lean: true }),
      });
      if (res.status !== 200) throw new Error(`pull: ${res.status} ${await res.text()}`);
      const page = (await res.json()) as PullResponse;
      for (const c of page.changes) if (c.entity === 'case' && c.op !== 'remove') ids.push(c.id);
      cursor = page.cursor;
      if (!page.hasMore) return ids;
    }
  }
}

/** An outbox of case.create mutations with ids 1…n; acknowledged ones leave it. */
function outbox(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, name: 'case.create', args: newCaseArgs(`${prefix}-${i + 1}`, 'g01') }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends)('kill -9 and replay ($name)', ({ make }) => {
  let backend: Backend | undefined;
  const servers: ServerProcess[] = [];
  const start = async () => {
    const s = await startServer(backend!.env);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.kill9();
    await backend?.dispose();
    backend = undefined;
  });

  it('during pushes: every acknowledged mutation survives, a replay doubles nothing', async () => {
    backend = await make();
    const prefix = `kill-${randomBytes(3).toString('hex')}`;
    const all = outbox(prefix, 1_200);
    const batch = 100;
    const acknowledged = new Set<number>();
    let server = await start();
    const phone = new Phone(server, 'grid01', 'fault-phone-01');
    await phone.login();

    let next = 0;
    // Two crashes, each in the middle of a batch the phone is still waiting for.
    for (const killAfterMs of [40, 150]) {
      const first = all.slice(next, next + batch);
      const t0 = Date.now();
      const ok = await phone.push(first);
      expect(ok?.results.every((r) => r.status === 'applied')).toBe(true);
      first.forEach((m) => acknowledged.add(m.id));
      next += batch;
      const tookMs = Date.now() - t0;

      const inFlight = phone.push(all.slice(next, next + batch));
      await sleep(Math.min(killAfterMs, tookMs / 2));
      await server.kill9();
      const answer = await inFlight;
      // The push may have finished before the kill; then its answer counts as an acknowledgement.
      if (answer) for (const r of answer.results) if (r.status === 'applied') acknowledged.add(r.id);

      server = await start();
      phone.server = server;
      // Nothing acknowledged is lost: all of it is there before the phone resends anything.
      const survived = new Set(await phone.pullIds());
      const lost = [...acknowledged].filter((id) => !survived.has(`${prefix}-${id}`));
      expect(lost, 'acknowledged before the kill, missing after the restart').toEqual([]);
      // The phone resends everything it holds unacknowledged, starting at the first of them — and, having
      // perhaps lost an answer, one acknowledged batch as well.
      const replay = await phone.push(all.slice(next - batch, next + batch));
      expect(replay, server.output()).not.toBeNull();
      expect(replay!.gap).toBeUndefined();
      expect(replay!.results.map((r) => r.status)).toEqual(Array(2 * batch).fill('applied'));
      for (const r of replay!.results) acknowledged.add(r.id);
      next += batch;
    }

    const ids = await phone.pullIds();
    const mine = ids.filter((id) => id.startsWith(`${prefix}-`));
    expect(new Set(mine).size).toBe(mine.length);
    expect(mine.length).toBe(next);
    for (const id of acknowledged) expect(mine).toContain(`${prefix}-${id}`);
    await server.stop();
    expect(await backend.count(`select count(*) as n from cases where id like $1`, [`${prefix}-%`])).toBe(next);
    expect(await backend.count(`select count(*) as n from mutations where device_id = $1`, ['fault-phone-01'])).toBe(next);
  }, 60_000);

  it('during a ledger import: a re-import after the restart doubles nothing', async () => {
    backend = await make();
    let server = await start();
    const staff = new Phone(server, 'street', 'fault-street-01');
    await staff.login();
    const before = await backend.count(`select count(*) as n from cases`);
    const rows = 1_000;
    const csv = ledgerCsv(rows);
    type ImportResult = { total: number; created: number; unchanged: number; rejected: number };
    /** Starts the import job and polls it to its end; null when the server went away first. */
    const sendImport = async (): Promise<ImportResult | null> => {
      try {
        const headers = { authorization: `Bearer ${staff.token}` };
        const res = await fetch(`${server.baseUrl}/api/reports/import/ledger`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv });
        if (res.status !== 202) return null;
        const { jobId } = (await res.json()) as { jobId: string };
        for (;;) {
          const poll = await fetch(`${server.baseUrl}/api/reports/import/ledger/jobs/${jobId}`, { headers });
          if (poll.status !== 200) return null;
          const job = (await poll.json()) as { state: string; result: ImportResult | null };
          if (job.state === 'done') return job.result;
          if (job.state !== 'running') return null;
          await sleep(100);
        }
      } catch {
        return null;
      }
    };

    const inFlight = sendImport();
    // Kill once the import has written part of the file (or after 20 s, whatever it has written by then).
    for (let waited = 0; waited < 20_000; waited += 50) {
      if ((await backend.count(`select count(*) as n from cases`)) > before + 50) break;
      await sleep(50);
    }
    await server.kill9();
    const first = await inFlight;
    const partial = (await backend.count(`select count(*) as n from cases`)) - before;
    if (first) expect(first.created).toBe(partial);
    else expect(partial, 'the kill came after the import had finished').toBeLessThan(rows);

    server = await start();
    staff.server = server;
    const again = await sendImport();
    expect(again, server.output()).not.toBeNull();
    expect(again!.rejected).toBe(0);
    expect(again!.created + again!.unchanged).toBe(rows);
    expect(again!.unchanged).toBe(partial);
    expect(await backend.count(`select count(*) as n from cases`)).toBe(before + rows);
  }, 60_000);
});

describe.skipIf(!PG_URL)('PostgreSQL connections terminated under load', () => {
  const name = 'PostgreSQL connections terminated under load';
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.kill9();
    await backend?.dispose();
  });

  it(name, async () => {
    backend = await postgresBackend(PG_URL!);
    server = await startServer(backend.env);
    const schema = new URL(backend.env.DATABASE_URL!).searchParams.get('application_name')!;
    const killer = new pg.Client({ connectionString: PG_URL });
    await killer.connect();
    const phones = await Promise.all(
      [1, 2, 3, 4].map(async (i) => {
        const p = new Phone(server!, `grid0${i}`, `term-phone-0${i}`);
        await p.login();
        return { phone: p, queue: outbox(`term${i}-${schema}`, 150).map((m) => ({ ...m, args: newCaseArgs(`term${i}-${schema}-${m.id}`, `g0${i}`) })), acked: 0 };
      }),
    );
    let stop = false;
    let terminated = 0;
    const terminate = (async () => {
      while (!stop) {
        await sleep(150);
        const res = await killer.query(`select pg_terminate_backend(pid) as t from pg_stat_activity where application_name = $1`, [schema]);
        terminated += res.rows.filter((r: { t: boolean }) => r.t).length;
      }
    })();
    // Each phone pushes its outbox in small batches; an answer that fails leaves the batch in the outbox.
    const deadline = Date.now() + 5_000;
    await Promise.all(
      phones.map(async (p) => {
        while (Date.now() < deadline && p.acked < p.queue.length) {
          const answer = await p.phone.push(p.queue.slice(p.acked, p.acked + 10));
          if (answer && !answer.gap) p.acked += answer.results.filter((r) => r.status === 'applied').length;
          else await sleep(20);
        }
      }),
    );
    stop = true;
    await terminate;
    await killer.end();
    expect(terminated, 'the test terminated no backend').toBeGreaterThan(0);
    expect(server.alive(), `the server died:\n${server.output().slice(-2_000)}`).toBe(true);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);

    for (const p of phones) {
      // Nothing acknowledged is lost: it is there before any replay.
      const ids = new Set((await p.phone.pullIds()).filter((id) => id.startsWith(`term${p.phone.deviceId.slice(-1)}-`)));
      for (const m of p.queue.slice(0, p.acked)) expect(ids.has(m.args.case.id)).toBe(true);
      // The rest goes in once, on a replay.
      const rest = p.queue.slice(p.acked);
      if (rest.length) expect((await p.phone.push(rest))!.results.every((r) => r.status === 'applied')).toBe(true);
      const after = (await p.phone.pullIds()).filter((id) => id.startsWith(`term${p.phone.deviceId.slice(-1)}-`));
      expect(after.length).toBe(p.queue.length);
      expect(new Set(after).size).toBe(after.length);
    }
  }, 60_000);
});

function ledgerCsv(rows: number): string {
  const cell = (v: unknown) => {
    const s = String(v ?? '');
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines: (string | number)[][] = [ledgerColumns.map((c) => c.header)];
  for (let i = 1; i <= rows; i++) {
    const row: Partial<Record<LedgerKey, string | number>> = {
      caseNo: `FAULT-${i}`,
      gridId: `g0${(i % 9) + 1}`,
      type: '邻里',
      source: '主动调解',
      risk: '一般',
      isGroup: '否',
      peopleInvolved: 2,
      reportedOn: '2024-03-01',
      acceptedOn: '2024-03-02',
      facts: `楼上漏水引发邻里纠纷 ${i}`,
      applicant: '张三丰',
      applicantPhone: '13812345678',
      respondent: '李四',
    };
    lines.push(ledgerColumns.map((c) => row[c.key] ?? ''));
  }
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
