import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import type { LedgerImportResult } from './ledger-import.js';
import { createImportJobs } from './ledger-import-jobs.js';
import { createDrain } from '../lifecycle/drain.js';
import { createMetrics } from '../observability/metrics.js';

const result = (total: number): LedgerImportResult => ({ format: 'csv', total, created: total, completed: 0, updated: 0, unchanged: 0, rejected: 0, rows: [] });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ledger import jobs', () => {
  it('reports progress, then the result; a failure says to import again; only the starter sees a job', async () => {
    const jobs = createImportJobs();
    let finish: (r: LedgerImportResult) => void = () => {};
    let report: (done: number) => void = () => {};
    const job = jobs.start('u1', 10, (progress) => {
      report = progress;
      return new Promise((resolve) => (finish = resolve));
    });
    report(4);
    expect(jobs.get(job.id, 'u1')).toMatchObject({ state: 'running', done: 4, total: 10 });
    expect(jobs.get(job.id, 'u2')).toBeUndefined();
    finish(result(10));
    await settle();
    expect(jobs.get(job.id, 'u1')).toMatchObject({ state: 'done', done: 10, result: { created: 10 } });

    const failing = jobs.start('u1', 3, () => Promise.reject(new Error('disk gone')));
    await settle();
    expect(jobs.get(failing.id, 'u1')).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' }, result: null });
  });

  it('refuses a second running import of the same user and more than the server’s running limit, with IMPORT_BUSY', () => {
    const jobs = createImportJobs({ perUser: 1, running: 2, keepMs: 60_000, keepFinished: 5 });
    const never = () => new Promise<LedgerImportResult>(() => {});
    jobs.start('u1', 1, never);
    const busy = (() => {
      try {
        jobs.start('u1', 1, never);
      } catch (e) {
        return e;
      }
    })();
    expect(busy).toBeInstanceOf(ApiError);
    expect(busy).toMatchObject({ status: 429, code: 'IMPORT_BUSY' });
    jobs.start('u2', 1, never);
    expect(() => jobs.start('u3', 1, never)).toThrow(ApiError);
  });

  it('forgets the oldest finished jobs beyond the number kept', async () => {
    const jobs = createImportJobs({ perUser: 1, running: 1, keepMs: 60_000, keepFinished: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(jobs.start('u1', 1, () => Promise.resolve(result(1))).id);
      await settle();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    jobs.start('u1', 1, () => Promise.resolve(result(1)));
    expect(ids.map((id) => jobs.get(id, 'u1') !== undefined)).toEqual([false, false, true, true]);
  });

  it('counts jobs by outcome in the metrics, and a shutdown waits for a running job, which is told to stop', async () => {
    const metrics = createMetrics();
    const drain = createDrain();
    const jobs = createImportJobs(undefined, { countImportJob: (o) => metrics.countImportJob(o), track: (t) => drain.track(t) });
    const counted = async () => {
      const text = await metrics.registry.metrics();
      return Object.fromEntries([...text.matchAll(/^tiaojie_import_jobs_total\{outcome="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    };
    const done = jobs.start('u1', 2, () => Promise.resolve(result(2)));
    await settle();
    expect(jobs.get(done.id, 'u1')?.state).toBe('done');
    expect(drain.inFlight).toBe(0);

    // A job writing its current group when the shutdown begins: the drain waits for it, and the job sees the stop.
    let finishGroup: () => void = () => {};
    let sawStop = false;
    const running = jobs.start('u2', 10, async () => {
      await new Promise<void>((resolve) => (finishGroup = resolve));
      sawStop = drain.stopping.aborted;
      throw drain.stopping.reason;
    });
    expect(drain.inFlight).toBe(1);
    let drained: boolean | undefined;
    const draining = drain.drain(5_000).then((ok) => (drained = ok));
    await settle();
    expect(drained).toBeUndefined();
    finishGroup();
    await draining;
    expect(drained).toBe(true);
    expect(sawStop).toBe(true);
    expect(jobs.get(running.id, 'u2')?.state).toBe('failed');
    expect(await counted()).toEqual({ started: 2, completed: 1, failed: 1 });
  });
});
