import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoOrg } from '../seed/index.js';
import { newCaseArgs } from '../sync/sync-test-kit.js';
import { loginOver, pushOver } from '../test-support/http-client.js';
import { spawnServer } from '../test-support/spawn-server.js';
import { spawnTargets, type SpawnDatabase } from '../test-support/spawn-targets.js';

const batch = (prefix: string, n: number, grid: string) => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: 'case.create', args: newCaseArgs(`${prefix}-${i + 1}`, grid) }));
const countMutations = async (db: SpawnDatabase, deviceId: string) =>
  Number((await db.query<{ n: number }>('select count(*) as n from mutations where device_id = ?', [deviceId]))[0]!.n);

describe.each(spawnTargets())('SIGTERM in the middle of a push ($name)', (target) => {
  let db: SpawnDatabase | undefined;
  afterEach(async () => {
    await db?.dispose();
  });

  it('answers the push in flight, refuses new work, closes the database last; the rest replays exactly once', { timeout: 60_000 }, async () => {
    // (long enough to be caught in the middle: a PostgreSQL commit per mutation is slower than SQLite's group).
    // On PostgreSQL the old shutdown (close the pool right after server.close) cut this push: checked by hand. On
    // SQLite a push's groups run synchronously within one turn of the event loop, so the signal is handled after
    // the handler returns; what this then checks there is that the answer still leaves before the exit.
    const BATCH = target.name === 'sqlite' ? 1000 : 400;
    db = await target.create();
    const setup = await db.open();
    await seedDemoOrg(setup);
    await setup.close();

    const server = await spawnServer({ ...db.env, SHUTDOWN_TIMEOUT_MS: '30000' });
    const tokenA = await loginOver(server.url, 'grid01', 'phone-aaaa');
    const tokenB = await loginOver(server.url, 'grid02', 'phone-bbbb');
    const pushA = batch('a', BATCH, 'g01');
    const inFlight = pushOver(server.url, tokenA, 'phone-aaaa', pushA);

    // The signal goes when the server has committed part of the batch (the test reads the database beside it).
    let committedAtSignal = 0;
    for (const started = Date.now(); committedAtSignal === 0 && Date.now() - started < 20_000; ) {
      committedAtSignal = await countMutations(db, 'phone-aaaa');
    }
    server.child.kill('SIGTERM');
    expect(committedAtSignal).toBeGreaterThan(0);
    expect(committedAtSignal).toBeLessThan(BATCH);

    // (a request that reached the server before it handled the signal is in flight too: B goes once it has)
    for (const started = Date.now(); !server.logs.some((l) => l.signal === 'SIGTERM') && Date.now() - started < 10_000; ) await new Promise((r) => setTimeout(r, 5));
    // New work after the signal is not done: refused outright (503 SHUTTING_DOWN) or the connection is refused.
    const pushB = batch('b', 20, 'g02');
    const late = await pushOver(server.url, tokenB, 'phone-bbbb', pushB).catch(() => undefined);
    if (late) expect([late.status, late.body.error?.code]).toEqual([503, 'SHUTTING_DOWN']);

    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body.results.map((r) => r.status)).toEqual(pushA.map(() => 'applied'));
    expect(await server.exited).toBe(0);
    const logged = server.logs.map((l) => l.msg);
    expect(logged).toContain('database closed; exiting');

    // Every acknowledged mutation is there; nothing of phone-b was done.
    expect(await countMutations(db, 'phone-aaaa')).toBe(BATCH);
    expect(Number((await db.query<{ n: number }>(`select count(*) as n from cases where id like 'a-%'`))[0]!.n)).toBe(BATCH);
    expect(await countMutations(db, 'phone-bbbb')).toBe(0);

    // After a restart both devices resend their outbox as it is: phone-b's applies, phone-a's re-send changes nothing.
    const again = await spawnServer(db.env);
    try {
      const replayB = await pushOver(again.url, tokenB, 'phone-bbbb', pushB);
      expect(replayB.body.results.map((r) => r.status)).toEqual(pushB.map(() => 'applied'));
      const replayA = await pushOver(again.url, tokenA, 'phone-aaaa', pushA.slice(0, 50));
      expect(replayA.body.results.map((r) => r.seq)).toEqual(answered.body.results.slice(0, 50).map((r) => r.seq));
      expect(Number((await db.query<{ n: number }>('select count(*) as n from cases'))[0]!.n)).toBe(BATCH + pushB.length);
    } finally {
      await again.stop();
    }
  });
});
