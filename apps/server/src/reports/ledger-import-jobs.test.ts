import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { ApiError } from '../http/api-error.js';
import type { LedgerImportResult } from './ledger-import.js';
import { createImportJobs as createJobs, type ImportJobLimits } from './ledger-import-jobs.js';
import { createDrain } from '../lifecycle/drain.js';
import { createMetrics } from '../observability/metrics.js';

const result = (total: number): LedgerImportResult => ({ format: 'csv', total, created: total, completed: 0, updated: 0, unchanged: 0, rejected: 0, rows: [] });
const limits = (l: Partial<ImportJobLimits> = {}): ImportJobLimits => ({ perUser: 1, running: 2, keepMs: 60_000, keepFinished: 20, heartbeatMs: 20, staleMs: 60_000, ...l });
/** Until `check` holds: job writes reach the database in the background. */
async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition never held');
}
const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe.each(testDatabases())('ledger import jobs ($name)', (database) => {
  let stores: Store[] = [];
  let made: { stop(): void }[] = [];
  const createImportJobs = (...args: Parameters<typeof createJobs>) => {
    const jobs = createJobs(...args);
    made.push(jobs);
    return jobs;
  };
  afterEach(async () => {
    for (const j of made) j.stop();
    made = [];
    for (const s of stores.reverse()) await s.close();
    stores = [];
  });
  const one = async () => (stores = [await database.create()])[0]!;

  it('reports progress, then the result; a failure says to import again; only the starter sees a job', async () => {
    const store = await one();
    const jobs = createImportJobs(store.db, limits());
    let finish: (r: LedgerImportResult) => void = () => {};
    let report: (done: number) => void = () => {};
    const job = await jobs.start('u1', 10, (progress) => {
      report = progress;
      return new Promise((resolve) => (finish = resolve));
    });
    report(4);
    await until(async () => (await jobs.get(job.id, 'u1'))?.done === 4);
    expect(await jobs.get(job.id, 'u1')).toMatchObject({ state: 'running', done: 4, total: 10 });
    expect(await jobs.get(job.id, 'u2')).toBeUndefined();
    finish(result(10));
    await until(async () => (await jobs.get(job.id, 'u1'))?.state === 'done');
    expect(await jobs.get(job.id, 'u1')).toMatchObject({ state: 'done', done: 10, result: { created: 10 } });

    const failing = await jobs.start('u1', 3, () => Promise.reject(new Error('disk gone')));
    await until(async () => (await jobs.get(failing.id, 'u1'))?.state === 'failed');
    expect(await jobs.get(failing.id, 'u1')).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' }, result: null });
  });

  it('refuses a second running import of the same user and more than the running limit, with IMPORT_BUSY', async () => {
    const store = await one();
    const jobs = createImportJobs(store.db, limits());
    const never = () => new Promise<LedgerImportResult>(() => {});
    await jobs.start('u1', 1, never);
    const busy = await refusal(jobs.start('u1', 1, never));
    expect(busy).toBeInstanceOf(ApiError);
    expect(busy).toMatchObject({ status: 429, code: 'IMPORT_BUSY' });
    await jobs.start('u2', 1, never);
    expect(await refusal(jobs.start('u3', 1, never))).toBeInstanceOf(ApiError);
  });

  it('forgets the oldest finished jobs beyond the number kept', async () => {
    const store = await one();
    const jobs = createImportJobs(store.db, limits({ running: 1, keepFinished: 2 }));
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = (await jobs.start('u1', 1, () => Promise.resolve(result(1)))).id;
      ids.push(id);
      await until(async () => (await jobs.get(id, 'u1'))?.state === 'done');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await jobs.start('u1', 1, () => Promise.resolve(result(1)));
    expect(await Promise.all(ids.map(async (id) => (await jobs.get(id, 'u1')) !== undefined))).toEqual([false, false, true, true]);
  });

  it('two instances on one database: each sees the other’s job and its progress, and the limits count both', async () => {
    stores = await database.createShared(2);
    const [a, b] = stores.map((s, i) => createImportJobs(s.db, limits({ running: 1 }), {}, `host-${i}`)) as [ReturnType<typeof createJobs>, ReturnType<typeof createJobs>];
    let report: (done: number) => void = () => {};
    let finish: (r: LedgerImportResult) => void = () => {};
    const job = await a.start('u1', 10, (progress) => {
      report = progress;
      return new Promise((resolve) => (finish = resolve));
    });
    report(7);
    await until(async () => (await b.get(job.id, 'u1'))?.done === 7);
    // The limit of one running import holds over both instances.
    expect(await refusal(b.start('u2', 1, () => Promise.resolve(result(1))))).toMatchObject({ code: 'IMPORT_BUSY' });
    finish(result(10));
    await until(async () => (await b.get(job.id, 'u1'))?.state === 'done');
    expect(await b.get(job.id, 'u1')).toMatchObject({ result: { total: 10 } });
  });

  it('a job whose instance died (no heartbeat for staleMs) is seen as failed by another instance, and frees its place', async () => {
    stores = await database.createShared(2);
    const dying = createImportJobs(stores[0]!.db, limits({ heartbeatMs: 60_000, staleMs: 60_000 }), {}, 'host-a');
    const other = createImportJobs(stores[1]!.db, limits({ heartbeatMs: 20, staleMs: 1_000 }), {}, 'host-b');
    // The work never finishes and never reports: as if its process had been killed.
    const job = await dying.start('u1', 5, () => new Promise<LedgerImportResult>(() => {}));
    expect(await other.get(job.id, 'u1')).toMatchObject({ state: 'running' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await other.get(job.id, 'u1')).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } });
    const again = await other.start('u1', 5, () => Promise.resolve(result(5)));
    await until(async () => (await dying.get(again.id, 'u1'))?.state === 'done');
  });

  it('an instance started again fails its own jobs left running at once (not another instance’s), so the user can import again', async () => {
    const store = await one();
    const slow = limits({ heartbeatMs: 60_000, staleMs: 60_000 });
    const before = createImportJobs(store.db, slow, {}, 'host-a');
    const lost = await before.start('u1', 5, () => new Promise<LedgerImportResult>(() => {}));
    const elsewhere = await createImportJobs(store.db, slow, {}, 'host-b').start('u2', 5, () => new Promise<LedgerImportResult>(() => {}));
    before.stop();
    const restarted = createImportJobs(store.db, slow, {}, 'host-a');
    expect(await restarted.get(lost.id, 'u1')).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } });
    expect(await restarted.get(elsewhere.id, 'u2')).toMatchObject({ state: 'running' });
    expect(await restarted.get('%00', 'u1')).toBeUndefined();
  });

  it('counts jobs by outcome in the metrics, and a shutdown waits for a running job, which is told to stop', async () => {
    const store = await one();
    const metrics = createMetrics();
    const drain = createDrain();
    const jobs = createImportJobs(store.db, limits(), { countImportJob: (o) => metrics.countImportJob(o), track: (t) => drain.track(t) });
    const counted = async () => {
      const text = await metrics.registry.metrics();
      return Object.fromEntries([...text.matchAll(/^tiaojie_import_jobs_total\{outcome="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    };
    const done = await jobs.start('u1', 2, () => Promise.resolve(result(2)));
    await until(async () => (await jobs.get(done.id, 'u1'))?.state === 'done' && drain.inFlight === 0);

    // A job writing its current group when the shutdown begins: the drain waits for it, and the job sees the stop.
    let finishGroup: () => void = () => {};
    let sawStop = false;
    const running = await jobs.start('u2', 10, async () => {
      await new Promise<void>((resolve) => (finishGroup = resolve));
      sawStop = drain.stopping.aborted;
      throw drain.stopping.reason;
    });
    expect(drain.inFlight).toBe(1);
    let drained: boolean | undefined;
    const draining = drain.drain(5_000).then((ok) => (drained = ok));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBeUndefined();
    finishGroup();
    await draining;
    expect(drained).toBe(true);
    expect(sawStop).toBe(true);
    expect(await jobs.get(running.id, 'u2')).toMatchObject({ state: 'failed' });
    expect(await counted()).toEqual({ started: 2, completed: 1, failed: 1 });
  });
});
