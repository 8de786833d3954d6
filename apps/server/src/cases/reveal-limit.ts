import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/**
 * How often one account may reveal party data: a person looking up a few parties to call them stays far below it;
 * a script walking the case list does not. Counted in the database, so every server instance sees the same count
 * (a script spread over instances by the load balancer gets no more). Fixed windows, taken and judged in one
 * atomic upsert, so parallel reveals cannot all pass a check none of them has recorded yet.
 */
export const REVEALS_PER_WINDOW = 30;
export const REVEAL_WINDOW_MS = 10 * 60_000;

export type RevealSlot = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RevealLimiter {
  /** Takes one reveal for `userId`; `retryAfterSeconds` when none is left. */
  take(userId: string, now?: number): Promise<RevealSlot>;
}

export function createRevealLimiter(db: Kysely<Database>, limit = REVEALS_PER_WINDOW, windowMs = REVEAL_WINDOW_MS): RevealLimiter {
  return {
    async take(userId, now = Date.now()) {
      const cutoff = now - windowMs;
      // Now and then, windows long over are dropped so the table stays one row per active account.
      if (Math.random() < 0.01) await db.deleteFrom('reveal_limits').where('window_start', '<=', cutoff).execute();
      const row = await sql<{ reveals: number; window_start: number }>`
        insert into reveal_limits (user_id, reveals, window_start) values (${userId}, 1, cast(${now} as bigint))
        on conflict (user_id) do update set
          reveals = case when reveal_limits.window_start <= ${cutoff} then 1 else reveal_limits.reveals + 1 end,
          window_start = case when reveal_limits.window_start <= ${cutoff} then excluded.window_start else reveal_limits.window_start end
        returning reveals, window_start`.execute(db);
      const { reveals, window_start } = row.rows[0]!;
      if (Number(reveals) <= limit) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((Number(window_start) + windowMs - now) / 1000)) };
    },
  };
}
