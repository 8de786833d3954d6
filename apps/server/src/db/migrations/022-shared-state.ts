import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Several server instances share one database (issue 18 §3): what was kept in one process's memory moves here.
 * - reveal_limits: each account's party-data reveals in a fixed window, counted by one atomic upsert;
 * - import_jobs: ledger imports running or finished, readable from any instance; `heartbeat_at` (epoch ms) is
 *   renewed by the instance running the job, so one whose instance died is seen as failed by the others, and
 *   `instance` names that instance, so that it fails its own leftovers at once when it starts again.
 */
export const sharedStateMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table reveal_limits (
      user_id text primary key,
      reveals integer not null,
      window_start bigint not null
    )`.execute(db);
    await sql`create table import_jobs (
      id text primary key,
      user_id text not null,
      state text not null,
      done integer not null,
      total integer not null,
      result text,
      error text,
      started_at text not null,
      finished_at text,
      heartbeat_at bigint not null,
      instance text not null
    )`.execute(db);
    await sql`create index import_jobs_state on import_jobs (state, user_id)`.execute(db);
  },
};
