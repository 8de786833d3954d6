import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createRevealLimiter } from './reveal-limit.js';

describe.each(testDatabases())('reveal limit ($name)', (database) => {
  let stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.reverse()) await s.close();
    stores = [];
  });

  it('two instances on one database share each account’s count; a new window starts over', async () => {
    stores = await database.createShared(2);
    const [a, b] = stores.map((s) => createRevealLimiter(s.db, 4, 60_000));
    const t0 = 1_000_000;
    const taken = [];
    // Parallel reveals spread over both instances: exactly the limit passes, not the limit per instance.
    const slots = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a! : b!).take('u1', t0)));
    taken.push(...slots.filter((s) => s.allowed));
    expect(taken).toHaveLength(4);
    expect(await a!.take('u1', t0 + 30_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(await b!.take('u2', t0 + 30_000)).toEqual({ allowed: true });
    expect(await b!.take('u1', t0 + 60_000)).toEqual({ allowed: true });
  });
});
