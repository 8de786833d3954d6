import { randomUUID } from 'node:crypto';
import { ApiError } from '../http/api-error.js';
import type { LedgerImportResult } from './ledger-import.js';

export type ImportJobState = 'running' | 'done' | 'failed';

/** A ledger import running (or finished) in the background, seen only by the user who started it. */
export interface ImportJob {
  id: string;
  userId: string;
  state: ImportJobState;
  /** Rows done / rows in the file. */
  done: number;
  total: number;
  result: LedgerImportResult | null;
  error: { code: 'INTERNAL'; message: string } | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ImportJobLimits {
  /** Imports one user may run at once. */
  perUser: number;
  /** Imports running at once on this server. */
  running: number;
  /** How long a finished job's result stays readable. */
  keepMs: number;
  /** Finished jobs kept at most (the oldest are forgotten first): results hold every row's outcome. */
  keepFinished: number;
}

/** Who else hears of jobs: the metrics count them, the shutdown drain waits for a running one. */
export interface ImportJobHooks {
  countImportJob?: (outcome: 'started' | 'completed' | 'failed') => void;
  track?: <T>(task: Promise<T>) => Promise<T>;
}

const defaults: ImportJobLimits = { perUser: 1, running: 2, keepMs: 60 * 60 * 1000, keepFinished: 20 };

/**
 * The server's import jobs, in memory: a job that dies with the process is simply run again — the import is
 * idempotent (row ids derive from grid and case number), so nothing is doubled. Finished jobs are forgotten after
 * `keepMs`, and beyond the newest `keepFinished`.
 */
export function createImportJobs(limits: ImportJobLimits = defaults, hooks: ImportJobHooks = {}) {
  const jobs = new Map<string, ImportJob>();
  const forget = () => {
    const before = new Date(Date.now() - limits.keepMs).toISOString();
    const finished = [...jobs.values()].filter((j) => j.finishedAt).sort((a, b) => (a.finishedAt! < b.finishedAt! ? -1 : 1));
    finished.forEach((job, i) => {
      if (job.finishedAt! < before || i < finished.length - limits.keepFinished) jobs.delete(job.id);
    });
  };
  const running = () => [...jobs.values()].filter((j) => j.state === 'running');
  return {
    /** Starts `work` in the background; refuses with IMPORT_BUSY (429) beyond the limits. */
    start(userId: string, total: number, work: (progress: (done: number) => void) => Promise<LedgerImportResult>): ImportJob {
      forget();
      const now = running();
      if (now.filter((j) => j.userId === userId).length >= limits.perUser || now.length >= limits.running) {
        throw new ApiError(429, 'IMPORT_BUSY', 'an import is already running; wait for it to finish');
      }
      const job: ImportJob = { id: randomUUID(), userId, state: 'running', done: 0, total, result: null, error: null, startedAt: new Date().toISOString(), finishedAt: null };
      jobs.set(job.id, job);
      hooks.countImportJob?.('started');
      const finished = work((done) => {
        job.done = done;
      }).then(
        (result) => {
          Object.assign(job, { state: 'done', done: result.total, result, finishedAt: new Date().toISOString() });
          hooks.countImportJob?.('completed');
        },
        (e: unknown) => {
          console.error(`ledger import ${job.id} failed:`, e);
          Object.assign(job, { state: 'failed', error: { code: 'INTERNAL', message: 'the import stopped; import the file again (rows already in are not doubled)' }, finishedAt: new Date().toISOString() });
          hooks.countImportJob?.('failed');
        },
      );
      // A shutdown waits for the job: it stops between groups once the drain began (the caller's signal), so the
      // wait is for the group being written, and a stopped import is simply imported again.
      void hooks.track?.(finished);
      return job;
    },
    /** The job, when it exists and `userId` started it. */
    get(id: string, userId: string): ImportJob | undefined {
      const job = jobs.get(id);
      return job && job.userId === userId ? job : undefined;
    },
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
