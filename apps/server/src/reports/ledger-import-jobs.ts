import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, ImportJobRow } from '../db/index.js';
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
  /** Imports one user may run at once (over all instances). */
  perUser: number;
  /** Imports running at once (over all instances). */
  running: number;
  /** How long a finished job's result stays readable. */
  keepMs: number;
  /** Finished jobs kept at most (the oldest are forgotten first): results hold every row's outcome. */
  keepFinished: number;
  /** How often the instance running a job says it is still alive (and writes its progress). */
  heartbeatMs: number;
  /** A running job not heard of for this long died with its instance: it is marked failed. */
  staleMs: number;
}

/** Who else hears of jobs: the metrics count them, the shutdown drain waits for a running one. */
export interface ImportJobHooks {
  countImportJob?: (outcome: 'started' | 'completed' | 'failed') => void;
  track?: <T>(task: Promise<T>) => Promise<T>;
}

const defaults: ImportJobLimits = { perUser: 1, running: 2, keepMs: 60 * 60 * 1000, keepFinished: 20, heartbeatMs: 5_000, staleMs: 30_000 };

const AGAIN = 'the import stopped; import the file again (rows already in are not doubled)';
const DIED = 'the server running the import stopped; import the file again (rows already in are not doubled)';

function toJob(row: ImportJobRow): ImportJob {
  return {
    id: row.id,
    userId: row.user_id,
    state: row.state as ImportJobState,
    done: Number(row.done),
    total: Number(row.total),
    result: row.result ? (JSON.parse(row.result) as LedgerImportResult) : null,
    error: row.error ? (JSON.parse(row.error) as ImportJob['error']) : null,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * The server's import jobs, in the database so that any instance behind the load balancer can answer for any job.
 * The instance running a job renews its heartbeat (with the progress); a job whose instance died stops being
 * renewed and is marked failed by whoever looks next. Running it again is safe — the import is idempotent (row ids
 * derive from grid and case number), so nothing is doubled. Finished jobs are forgotten after `keepMs`, and beyond
 * the newest `keepFinished`.
 */
export function createImportJobs(db: Kysely<Database>, limits: ImportJobLimits = defaults, hooks: ImportJobHooks = {}, instance = 'default') {
  // This instance has just started: a job it still shows as running died with its previous process (kill -9, power
  // cut). Failed at once rather than after staleMs, so the user can import again right away.
  let recovered: Promise<unknown> | undefined;
  const recover = () =>
    (recovered ??= db
      .updateTable('import_jobs')
      .set({ state: 'failed', error: JSON.stringify({ code: 'INTERNAL', message: DIED }), finished_at: new Date().toISOString() })
      .where('state', '=', 'running')
      .where('instance', '=', instance)
      .execute());
  const failDead = async (now: number) => {
    await db
      .updateTable('import_jobs')
      .set({ state: 'failed', error: JSON.stringify({ code: 'INTERNAL', message: DIED }), finished_at: new Date(now).toISOString() })
      .where('state', '=', 'running')
      .where('heartbeat_at', '<', now - limits.staleMs)
      .execute();
  };
  const forget = async (now: number) => {
    await db.deleteFrom('import_jobs').where('finished_at', '<', new Date(now - limits.keepMs).toISOString()).execute();
    const kept = db.selectFrom('import_jobs').select('id').where('finished_at', 'is not', null).orderBy('finished_at', 'desc').limit(limits.keepFinished);
    await db.deleteFrom('import_jobs').where('finished_at', 'is not', null).where('id', 'not in', kept).execute();
  };
  // (not only while 'running': an instance stalled past staleMs and thought dead still records the real outcome)
  const finish = (id: string, values: Partial<ImportJobRow>) =>
    db.updateTable('import_jobs').set({ ...values, finished_at: new Date().toISOString() }).where('id', '=', id).execute();

  const timers = new Set<NodeJS.Timeout>();
  return {
    /** Stops renewing the heartbeats of this instance's jobs (tests; a stopped process stops them anyway). */
    stop() {
      for (const t of timers) clearInterval(t);
      timers.clear();
    },
    /** Starts `work` in the background; refuses with IMPORT_BUSY (429) beyond the limits. */
    async start(userId: string, total: number, work: (progress: (done: number) => void) => Promise<LedgerImportResult>): Promise<ImportJob> {
      await recover();
      const now = Date.now();
      await failDead(now);
      await forget(now);
      const row: ImportJobRow = { id: randomUUID(), user_id: userId, state: 'running', done: 0, total, result: null, error: null, started_at: new Date(now).toISOString(), finished_at: null, heartbeat_at: now, instance };
      // Registered first, counted after: two instances starting at once may both refuse, never both run past a limit.
      await db.insertInto('import_jobs').values(row).execute();
      const running = await db.selectFrom('import_jobs').select(['user_id']).where('state', '=', 'running').execute();
      if (running.filter((j) => j.user_id === userId).length > limits.perUser || running.length > limits.running) {
        await db.deleteFrom('import_jobs').where('id', '=', row.id).execute();
        throw new ApiError(429, 'IMPORT_BUSY', 'an import is already running; wait for it to finish');
      }
      hooks.countImportJob?.('started');

      // Progress and heartbeat are written one after another (never two writes of one job at once), and the
      // outcome after the last of them.
      let done = 0;
      let written = -1;
      let writes: Promise<unknown> = Promise.resolve();
      const beat = () => {
        writes = writes
          .then(() => {
            if (written === done && Date.now() - row.heartbeat_at < limits.heartbeatMs / 2) return;
            written = done;
            row.heartbeat_at = Date.now();
            return db.updateTable('import_jobs').set({ done, heartbeat_at: row.heartbeat_at }).where('id', '=', row.id).where('state', '=', 'running').execute();
          })
          .catch((e: unknown) => console.error(`ledger import ${row.id}: progress not written:`, e));
      };
      const timer = setInterval(beat, limits.heartbeatMs);
      timer.unref();
      timers.add(timer);

      const finished = work((n) => {
        done = n;
        beat();
      })
        .then(
          async (result) => {
            clearInterval(timer);
            timers.delete(timer);
            await writes;
            await finish(row.id, { state: 'done', done: result.total, result: JSON.stringify(result) });
            hooks.countImportJob?.('completed');
          },
          async (e: unknown) => {
            clearInterval(timer);
            timers.delete(timer);
            console.error(`ledger import ${row.id} failed:`, e);
            await writes;
            await finish(row.id, { state: 'failed', error: JSON.stringify({ code: 'INTERNAL', message: AGAIN }) });
            hooks.countImportJob?.('failed');
          },
        )
        .catch((e: unknown) => console.error(`ledger import ${row.id}: outcome not written:`, e));
      // A shutdown waits for the job: it stops between groups once the drain began (the caller's signal), so the
      // wait is for the group being written, and a stopped import is simply imported again.
      void hooks.track?.(finished);
      return toJob(row);
    },
    /** The job, when it exists and `userId` started it; from whichever instance runs it. */
    async get(id: string, userId: string): Promise<ImportJob | undefined> {
      // (ids are UUIDs; anything else names no job, and never reaches the database)
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return undefined;
      await recover();
      await failDead(Date.now());
      const row = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return row ? toJob(row) : undefined;
    },
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
