import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/** After MAX_FAILURES wrong passwords within WINDOW for a username (or an address), logins wait LOCK. */
export const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

export type ThrottleState = { locked: false } | { locked: true; retryAfterSeconds: number };

export async function checkThrottle(db: Kysely<Database>, keys: string[], now = new Date()): Promise<ThrottleState> {
  const rows = await db.selectFrom('login_attempts').selectAll().where('key', 'in', keys).execute();
  let until = 0;
  for (const row of rows) {
    if (row.locked_until) until = Math.max(until, Date.parse(row.locked_until));
  }
  if (until > now.getTime()) return { locked: true, retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000) };
  return { locked: false };
}

export async function recordFailure(db: Kysely<Database>, keys: string[], now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const key of keys) {
      const row = await trx.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
      const windowOpen = row && now.getTime() - Date.parse(row.window_started_at) < WINDOW_MS;
      const failures = windowOpen ? row.failures + 1 : 1;
      const values = {
        failures,
        window_started_at: windowOpen ? row.window_started_at : now.toISOString(),
        locked_until: failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS).toISOString() : null,
      };
      if (row) await trx.updateTable('login_attempts').set(values).where('key', '=', key).execute();
      else await trx.insertInto('login_attempts').values({ key, ...values }).execute();
    }
  });
}

export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
