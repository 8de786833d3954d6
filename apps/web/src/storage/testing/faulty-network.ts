import type { ServerHarness } from './server-harness.ts';

type Fetch = ServerHarness['fetch'];

/**
 * A network between the phones and the server that drops requests, loses responses after the server acted,
 * duplicates requests, and delivers stale copies later (out of order). `calm()` makes it reliable again.
 */
export function createFaultyNetwork(deliver: Fetch, random: () => number) {
  let calm = false;
  const delayed: (() => Promise<unknown>)[] = [];
  const stats = { dropped: 0, lostResponses: 0, duplicated: 0, delayed: 0, delivered: 0 };

  const send: Fetch = async (input, init) => {
    if (calm) return deliver(input, init);
    const roll = random();
    const copy = () => deliver(input, { ...init });
    if (roll < 0.1) {
      stats.dropped++;
      throw new TypeError('request lost');
    }
    if (roll < 0.2) {
      stats.lostResponses++;
      await copy();
      throw new TypeError('response lost');
    }
    if (roll < 0.3) {
      stats.duplicated++;
      await copy();
      return copy();
    }
    if (roll < 0.4) {
      stats.delayed++;
      delayed.push(copy);
    }
    stats.delivered++;
    return deliver(input, init);
  };

  return {
    fetch: send,
    stats,
    /** Delivers the stale copies held back so far, in a shuffled order. */
    async flushDelayed() {
      const batch = delayed.splice(0);
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [batch[i], batch[j]] = [batch[j]!, batch[i]!];
      }
      for (const f of batch) await f().catch(() => undefined);
    },
    calm() {
      calm = true;
    },
  };
}

/** A small deterministic PRNG so a failing fast-check case replays exactly. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
