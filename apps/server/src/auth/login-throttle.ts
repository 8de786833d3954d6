import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/**
 * Login attempts are counted before the password is checked, each count taken and judged in one atomic upsert,
 * so a burst of parallel guesses cannot all pass a check that none of them has recorded yet:
 * - per (username, address): PAIR_LIMIT attempts per WINDOW — a stranger's guesses at one account;
 * - per address: ADDRESS_LIMIT attempts per WINDOW — one client spraying many accounts;
 * - per username, from anywhere: the first USER_FREE_ATTEMPTS are free, then each attempt must wait a delay
 *   that doubles from 1 s up to USER_MAX_DELAY — many addresses at one account slow down, but no stranger can
 *   lock the real user out for more than a minute;
 * - a login carrying a valid token of the same user (a known device) skips the three above — a stranger cannot
 *   present one — and is limited per token instead (PAIR_LIMIT per WINDOW).
 * A successful login clears its username, pair and device counters and gives its address attempt back.
 */
export const PAIR_LIMIT = 5;
export const ADDRESS_LIMIT = 30;
export const USER_FREE_ATTEMPTS = 5;
export const USER_MAX_DELAY_MS = 60_000;
export const WINDOW_MS = 15 * 60_000;

export interface LoginAttempt {
  /** Lower-cased, as accounts are stored. */
  username: string;
  /** The client address (socket, or a trusted proxy's X-Forwarded-For). */
  address: string;
  /** The id of a valid token of this user presented with the login, if any. */
  knownDeviceTokenId?: string | undefined;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const pairKey = (a: LoginAttempt) => `pair:${a.address}|${a.username}`;
const addressKey = (a: LoginAttempt) => `addr:${a.address}`;
const userKey = (a: LoginAttempt) => `user:${a.username}`;
const deviceKey = (tokenId: string) => `device:${tokenId}`;

/** Counts this attempt against every limit that applies; `allowed: false` means answer 429 without checking the password. */
export async function reserveLoginAttempt(db: Kysely<Database>, attempt: LoginAttempt, now = Date.now()): Promise<ThrottleDecision> {
  if (Math.random() < 0.01) await purgeStale(db, now);
  if (attempt.knownDeviceTokenId) {
    return judgeWindows(await countInWindows(db, [deviceKey(attempt.knownDeviceTokenId)], now), { [deviceKey(attempt.knownDeviceTokenId)]: PAIR_LIMIT }, now);
  }
  const limits = { [pairKey(attempt)]: PAIR_LIMIT, [addressKey(attempt)]: ADDRESS_LIMIT };
  const windows = judgeWindows(await countInWindows(db, Object.keys(limits), now), limits, now);
  // (a refused attempt leaves the username alone: one address adds at most PAIR_LIMIT to its delay per window)
  if (!windows.allowed) return windows;
  return takeUserTurn(db, userKey(attempt), now);
}

/** After a correct password: the account's counters start over, and the address gets its attempt back. */
export async function releaseLoginAttempt(db: Kysely<Database>, attempt: LoginAttempt): Promise<void> {
  const keys = [pairKey(attempt), userKey(attempt)];
  if (attempt.knownDeviceTokenId) keys.push(deviceKey(attempt.knownDeviceTokenId));
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
  if (!attempt.knownDeviceTokenId) {
    await db
      .updateTable('login_throttle')
      .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
      .where('key', '=', addressKey(attempt))
      .where('attempts', '>', 0)
      .execute();
  }
}

/** Fixed windows: one statement adds this attempt to every key (a window older than WINDOW_MS starts over). */
async function countInWindows(db: Kysely<Database>, keys: string[], now: number) {
  const cutoff = now - WINDOW_MS;
  const rows = sql.join(keys.map((key) => sql`(${key}, 1, cast(${now} as bigint), cast(0 as bigint))`));
  const result = await sql<{ key: string; attempts: number; window_start: number }>`
    insert into login_throttle (key, attempts, window_start, blocked_until) values ${rows}
    on conflict (key) do update set
      attempts = case when login_throttle.window_start <= ${cutoff} then 1 else login_throttle.attempts + 1 end,
      window_start = case when login_throttle.window_start <= ${cutoff} then excluded.window_start else login_throttle.window_start end
    returning key, attempts, window_start`.execute(db);
  return result.rows;
}

function judgeWindows(rows: { key: string; attempts: number; window_start: number }[], limits: Record<string, number>, now: number): ThrottleDecision {
  let waitMs = 0;
  for (const row of rows) {
    if (Number(row.attempts) > (limits[row.key] ?? 0)) waitMs = Math.max(waitMs, Number(row.window_start) + WINDOW_MS - now);
  }
  return waitMs > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { allowed: true };
}

/**
 * The username's turn, in one statement: allowed only when its delay has passed (the WHERE of the update), and
 * taking the turn sets the next delay. A quiet WINDOW_MS since the last attempt starts the count over.
 */
async function takeUserTurn(db: Kysely<Database>, key: string, now: number): Promise<ThrottleDecision> {
  const cutoff = now - WINDOW_MS;
  const next = sql`login_throttle.attempts + 1 - ${USER_FREE_ATTEMPTS}`;
  // After the free attempts 1 s, 2 s, 4 s … up to USER_MAX_DELAY_MS (1000 << 6 passes it).
  const delay = sql`case when ${next} >= 6 then ${USER_MAX_DELAY_MS} else 1000 << (${next}) end`;
  // (no delay is stored as 0, not as "now": parallel requests read the clock in any order, and an attempt whose
  // clock is a millisecond behind the one before must not be refused for that)
  const taken = await sql<{ attempts: number }>`
    insert into login_throttle (key, attempts, window_start, blocked_until) values (${key}, 1, cast(${now} as bigint), cast(0 as bigint))
    on conflict (key) do update set
      attempts = case when login_throttle.window_start <= ${cutoff} then 1 else login_throttle.attempts + 1 end,
      window_start = excluded.window_start,
      blocked_until = case when login_throttle.window_start <= ${cutoff} or ${next} < 0 then 0 else excluded.window_start + ${delay} end
    where login_throttle.blocked_until <= excluded.window_start
    returning attempts`.execute(db);
  if (taken.rows.length > 0) return { allowed: true };
  const row = await db.selectFrom('login_throttle').select('blocked_until').where('key', '=', key).executeTakeFirst();
  const waitMs = row ? Number(row.blocked_until) - now : 0;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Counters whose window and delay are long over say nothing any more; dropped now and then so the table stays small. */
async function purgeStale(db: Kysely<Database>, now: number): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('window_start', '<=', now - WINDOW_MS)
    .where('blocked_until', '<=', now)
    .execute();
}
