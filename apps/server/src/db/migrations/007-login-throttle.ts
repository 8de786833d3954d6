import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Login throttling counts attempts in one upsert per check (see auth/login-throttle.ts), which needs times as
 * numbers the SQL can compare and add to on both databases: epoch milliseconds, not ISO text. The old
 * login_attempts table held only short-lived counters, so it is dropped rather than converted.
 */
export const loginThrottleMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table login_throttle (
      key text primary key,
      attempts integer not null,
      window_start bigint not null,
      blocked_until bigint not null
    )`.execute(db);
    await sql`drop table if exists login_attempts`.execute(db);
  },
};
