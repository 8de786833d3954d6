/**
 * How often one account may reveal party data: a person looking up a few parties to call them stays far below it;
 * a script walking the case list does not. In memory (per server process): a restart forgets the counts, which only
 * ever allows more reveals, each of them still audited.
 */
export const REVEALS_PER_WINDOW = 30;
export const REVEAL_WINDOW_MS = 10 * 60_000;

export interface RevealLimiter {
  /** Takes one reveal for `userId`; `retryAfterSeconds` when none is left. */
  take(userId: string, now?: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

export function createRevealLimiter(limit = REVEALS_PER_WINDOW, windowMs = REVEAL_WINDOW_MS): RevealLimiter {
  const times = new Map<string, number[]>();
  return {
    take(userId, now = Date.now()) {
      const recent = (times.get(userId) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= limit) {
        times.set(userId, recent);
        return { allowed: false, retryAfterSeconds: Math.ceil((recent[0]! + windowMs - now) / 1000) };
      }
      recent.push(now);
      times.set(userId, recent);
      // (bounded: an account's list never exceeds `limit`, and idle accounts are dropped when the map grows)
      if (times.size > 10_000) for (const [k, v] of times) if (v.every((t) => t <= now - windowMs)) times.delete(k);
      return { allowed: true };
    },
  };
}
