import type { MutationResult } from '@tiaojie/sync';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store.ts';
import { internalsOf } from './store-internals.ts';
import { demoUsers, newCase } from './testing/fixtures.ts';
import type { LocalStore } from './types.ts';
import { storesUpTo } from './local-db.ts';

async function phoneWith(cases: number): Promise<LocalStore> {
  const store = await openLocalStore({ user: demoUsers.grid01!, deviceId: 'answers', indexedDB: new IDBFactory(), IDBKeyRange });
  for (let i = 1; i <= cases; i++) await store.createCase(newCase(`k${i}`));
  return store;
}

/** The state the server answers with: here, the phone's own document at `seq`. */
async function stateOf(store: LocalStore, caseId: string, seq: number): Promise<MutationResult['data']> {
  const rec = await internalsOf(store).db.caseDocs.get(caseId);
  return { doc: rec!.local, versions: {}, originPath: '/d1/s1/c1/g01/', seq };
}

const outbox = async (store: LocalStore) =>
  ((await internalsOf(store).db.outbox.toArray()) as { id: number; confirmedSeq?: number }[]).map((e) => [e.id, e.confirmedSeq ?? null]);
const pendingRows = async (store: LocalStore) => (await store.listCases({ limit: 100 })).items.map((c) => [c.id, c.pending]).sort();

describe('applying push answers', () => {
  it('drops what the answered server copies cover, keeps what waits for a pull (also between them), and is idempotent', async () => {
    const store = await phoneWith(5);
    const answer: MutationResult[] = [
      { id: 1, status: 'applied', seq: 11, data: await stateOf(store, 'k1', 11) },
      { id: 2, status: 'applied', seq: 12 }, // a re-sent mutation's stored result: no state
      { id: 3, status: 'applied', seq: 13, data: await stateOf(store, 'k3', 13) },
      { id: 4, status: 'rejected', code: 'VALIDATION_FAILED', message: 'bad' },
    ];
    const { applyPushResults } = internalsOf(store);
    await applyPushResults(answer);
    const after = { outbox: await outbox(store), rows: await pendingRows(store), status: await store.getSyncStatus() };
    expect(after.outbox).toEqual([
      [2, 12],
      [5, null],
    ]);
    expect(after.rows).toEqual([
      ['k1', false],
      ['k2', true],
      ['k3', false],
      // refused: off the outbox, but kept on the phone as the worker typed it (needs attention)
      ['k4', false],
      ['k5', true],
    ]);
    expect(after.status.attention).toEqual([expect.objectContaining({ mutationId: 4, caseId: 'k4', status: 'rejected' })]);
    expect((await internalsOf(store).db.caseDocs.get('k3'))?.server?.seq).toBe(13);

    await applyPushResults(answer);
    expect({ outbox: await outbox(store), rows: await pendingRows(store), status: await store.getSyncStatus() }).toEqual(after);
    store.close();
  });

  it('rewrites only the list rows the answered server copies change: a confirmed new case keeps its row, and lists as synced', async () => {
    const store = await phoneWith(2);
    const { db, applyPushResults } = internalsOf(store);
    const written: string[] = [];
    const bulkPut = db.cases.bulkPut.bind(db.cases);
    db.cases.bulkPut = ((rows: readonly { id: string }[]) => {
      written.push(...rows.map((r) => r.id));
      return bulkPut(rows as never);
    }) as unknown as typeof db.cases.bulkPut;
    const changedOnServer = await stateOf(store, 'k2', 12);
    await applyPushResults([
      { id: 1, status: 'applied', seq: 11, data: await stateOf(store, 'k1', 11) },
      { id: 2, status: 'applied', seq: 12, data: { ...changedOnServer!, doc: { ...(changedOnServer!.doc as object), risk: 'yellow' } } },
    ]);
    expect(written).toEqual(['k2']);
    expect(await pendingRows(store)).toEqual([
      ['k1', false],
      ['k2', false],
    ]);
    expect((await store.listCases({ limit: 10 })).items.find((c) => c.id === 'k2')?.risk).toBe('yellow');
    store.close();
  });

  it('answers spread over a long run of the outbox drop only their own entries (read by id, not by range)', async () => {
    const store = await phoneWith(10);
    // Ids 1 and 10: eight entries lie between them, more than twice the answers.
    await internalsOf(store).applyPushResults([
      { id: 1, status: 'applied', seq: 11, data: await stateOf(store, 'k1', 11) },
      { id: 10, status: 'rejected', code: 'VALIDATION_FAILED', message: 'bad' },
    ]);
    expect((await outbox(store)).map(([id]) => id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await store.getSyncStatus()).attention).toEqual([expect.objectContaining({ mutationId: 10, caseId: 'k10' })]);
    store.close();
  });

  it('keeps an entry that lies between answered ones and waits for a pull', async () => {
    const store = await phoneWith(4);
    const { applyPushResults } = internalsOf(store);
    await applyPushResults([{ id: 2, status: 'applied', seq: 2 }]);
    // 1 and 3 answered again with their states (2 had been applied before, its state comes with a pull).
    await applyPushResults([
      { id: 1, status: 'applied', seq: 5, data: await stateOf(store, 'k1', 5) },
      { id: 3, status: 'applied', seq: 6, data: await stateOf(store, 'k3', 6) },
    ]);
    expect(await outbox(store)).toEqual([
      [2, 2],
      [4, null],
    ]);
    store.close();
  });

  it('reads and deletes by id when the answered ids are far apart', async () => {
    const store = await phoneWith(10);
    const { applyPushResults } = internalsOf(store);
    // 2..9 were applied before, their states still to come with a pull: many entries between 1 and 10.
    await applyPushResults(Array.from({ length: 8 }, (_, i) => ({ id: i + 2, status: 'applied' as const, seq: i + 2 })));
    await applyPushResults([
      { id: 1, status: 'applied', seq: 20, data: await stateOf(store, 'k1', 20) },
      { id: 10, status: 'applied', seq: 21, data: await stateOf(store, 'k10', 21) },
    ]);
    expect((await outbox(store)).map(([id]) => id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await pendingRows(store)).filter(([, pending]) => !pending).map(([id]) => id)).toEqual(['k1', 'k10']);
    store.close();
  });

  it('lists the entries still to send after a given id, skipping those the server applied', async () => {
    const store = await phoneWith(6);
    const { applyPushResults, pendingEntries } = internalsOf(store);
    await applyPushResults([2, 3, 5].map((id) => ({ id, status: 'applied' as const, seq: id })));
    expect((await pendingEntries(2)).map((e) => e.id)).toEqual([1, 4]);
    expect((await pendingEntries(1, 1)).map((e) => e.id)).toEqual([4]);
    expect((await pendingEntries(10, 4)).map((e) => e.id)).toEqual([6]);
    expect(await pendingEntries(10, 6)).toEqual([]);
    store.close();
  });

  it('never rolls back a server copy stored before the seq index existed (database version 2)', async () => {
    const source = await phoneWith(1);
    const { db } = internalsOf(source);
    const [doc, row, entry] = [await db.caseDocs.get('k1'), await db.cases.get('k1'), await db.outbox.get(1)];
    source.close();

    const idb = new IDBFactory();
    const v2 = new Dexie(`tiaojie-${demoUsers.grid01!.id}`, { indexedDB: idb, IDBKeyRange });
    v2.version(2).stores(storesUpTo(2));
    // A newer state of k1 (seq 50) came with a pull while mutation 1 was out.
    const newer = { ...(doc!.local as object), facts: '拉取的新事实' };
    await v2.table('caseDocs').put({ ...doc, server: { doc: newer, versions: {}, originPath: '/d1/s1/c1/g01/', seq: 50 }, local: newer });
    await v2.table('cases').put(row);
    await v2.table('outbox').put(entry);
    await v2.table('meta').put({ key: 'nextMutationId', value: 2 });
    v2.close();

    const store = await openLocalStore({ user: demoUsers.grid01!, deviceId: 'answers', indexedDB: idb, IDBKeyRange });
    await internalsOf(store).applyPushResults([{ id: 1, status: 'applied', seq: 40, data: { doc: doc!.local, versions: {}, originPath: '/d1/s1/c1/g01/', seq: 40 } }]);
    expect((await internalsOf(store).db.caseDocs.get('k1'))?.server?.seq).toBe(50);
    expect((await store.getCase('k1'))?.case.facts).toBe('拉取的新事实');
    store.close();
  });
});
