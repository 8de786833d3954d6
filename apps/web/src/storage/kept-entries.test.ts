import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { LocalDb, storesUpTo } from './local-db.ts';
import { openLocalStore } from './local-store.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import { createOutbox } from './outbox.ts';
import { createStoreContext } from './store-context.ts';
import { internalsOf, localLockOf } from './store-internals.ts';
import { demoUsers, newCase } from './testing/fixtures.ts';

const entry = (id: number): OutboxEntry => ({ v: 1, id, name: 'case.edit', args: { caseId: `k${id}`, changes: { facts: `事实${id}` } }, clientTime: '2026-03-01T08:00:00.000Z' });

function openKept(idb: IDBFactory, clock: { now: Date }, keep = { days: 14, count: 100 }) {
  const db = new LocalDb('kept', { indexedDB: idb, IDBKeyRange });
  const ctx = createStoreContext(db, demoUsers.grid01!, 'r1', { now: () => clock.now, keepSent: keep });
  const outbox = createOutbox(ctx);
  const keep_ = (ids: number[], applied = true) => ctx.write(() => outbox.keepSent(ids.map((id) => ({ entry: entry(id), applied }))));
  const kept = async (from: number, limit = 100) => (await outbox.keptEntries(from, limit)).map((e) => (e.applied ? e.id : -e.id));
  return { db, outbox, keep: keep_, kept };
}

describe('acknowledged entries kept for a server restored to an older point', () => {
  it('are stored a record per answer, and read in id order across records that interleave', async () => {
    const { db, outbox, keep, kept } = openKept(new IDBFactory(), { now: new Date('2026-03-01T08:00:00Z') });
    await keep([4, 1, 3]);
    // 2 waited for its server copy and left the outbox later (rejected, here).
    await keep([2], false);
    await keep([7]);
    expect(await db.sent.count()).toBe(3);
    expect(await kept(1)).toEqual([1, -2, 3, 4, 7]);
    expect(await kept(3)).toEqual([3, 4, 7]);
    expect(await kept(2, 2)).toEqual([-2, 3]);
    expect(await kept(5, 1)).toEqual([7]);
    expect(await kept(8)).toEqual([]);
    expect(await outbox.lastSentId()).toBe(7);
    const [third] = await outbox.keptEntries(3, 1);
    expect(third).toEqual({ id: 3, name: 'case.edit', args: entry(3).args, clientTime: entry(3).clientTime, applied: true });
    db.close();
  });

  it('forgets the oldest beyond the count once older than the days kept, cutting a record in two when needed', async () => {
    const clock = { now: new Date('2026-03-01T08:00:00Z') };
    const { db, outbox, keep, kept } = openKept(new IDBFactory(), clock, { days: 14, count: 4 });
    await keep([1, 2, 3]);
    await keep([4, 5]);
    // Young: all kept, beyond the count too.
    expect(await kept(1)).toEqual([1, 2, 3, 4, 5]);
    clock.now = new Date('2026-03-16T08:00:00Z');
    await keep([6, 7]);
    expect(await kept(1)).toEqual([4, 5, 6, 7]);
    expect(await kept(3)).toEqual([4, 5, 6, 7]);
    await keep([8]);
    expect(await kept(1)).toEqual([5, 6, 7, 8]);
    expect(await outbox.lastSentId()).toBe(8);
    db.close();
  });

  it('reads entries kept one record each by an older version, and counts them', async () => {
    const idb = new IDBFactory();
    const v7 = new Dexie('kept', { indexedDB: idb, IDBKeyRange });
    v7.version(7).stores(storesUpTo(7));
    await v7.table('sent').bulkPut([1, 2, 3].map((id) => ({ ...entry(id), applied: 1, ackedAt: '2026-02-01T08:00:00.000Z' })));
    v7.close();

    const { db, outbox, keep, kept } = openKept(idb, { now: new Date('2026-03-01T08:00:00Z') }, { days: 14, count: 4 });
    expect(await outbox.lastSentId()).toBe(3);
    expect(await kept(2)).toEqual([2, 3]);
    // 3 old + 2 new: one over the count, and the oldest is old enough to go.
    await keep([4, 5]);
    expect(await kept(1)).toEqual([2, 3, 4, 5]);
    db.close();
  });

  it('keeps every entry of a record sealed once a PIN is set', async () => {
    const NAME = '欧阳秀英';
    const idb = new IDBFactory();
    const store = await openLocalStore({ user: demoUsers.grid01!, deviceId: 'kept-phone', indexedDB: idb, IDBKeyRange });
    await localLockOf(store).setPin('482615', btoa(String.fromCharCode(...new Uint8Array(32).fill(3))).replace(/\+/g, '-').replace(/\//g, '_'));
    for (const id of ['c-1', 'c-2']) await store.createCase(newCase(id, 'g01', { parties: { p1: { id: 'p1', role: 'applicant', kind: 'person', personal: { name: NAME } } } }));
    const internals = internalsOf(store);
    await internals.applyPushResults([1, 2].map((id) => ({ id, status: 'rejected' as const, code: 'VALIDATION_FAILED', message: 'no' })));
    expect(await internals.db.sent.count()).toBe(1);
    const kept = await internals.keptEntries(1, 10);
    expect(kept.map((e) => [e.id, e.applied, JSON.stringify(e.args).includes(NAME)])).toEqual([
      [1, false, true],
      [2, false, true],
    ]);
    store.close();
    const raw = new Dexie(`tiaojie-${demoUsers.grid01!.id}`, { indexedDB: idb, IDBKeyRange });
    await raw.open();
    const stored = JSON.stringify(await raw.table('sent').toArray(), (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v));
    raw.close();
    expect(stored).toContain('"lastId":2');
    expect(stored).not.toContain(NAME);
  });
});
