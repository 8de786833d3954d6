import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import type { LedgerImportResult } from './ledger-import.js';
import { createImportJobs } from './ledger-import-jobs.js';

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
});
