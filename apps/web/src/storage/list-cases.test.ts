import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store.ts';
import { caseRowFor } from './local-view.ts';
import { demoUsers, newCase } from './testing/fixtures.ts';
import { storesUpTo } from './local-db.ts';
import { internalsOf } from './store-internals.ts';

const user = demoUsers.grid01!;

/** Accepted on day i of 2024 (all long overdue by now): case c0 is the oldest, so the longest overdue. */
const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);

async function storeWith(n: number) {
  const store = await openLocalStore({ user, deviceId: 'phone-1', indexedDB: new IDBFactory(), IDBKeyRange });
  for (let i = 0; i < n; i++) {
    await store.createCase(newCase(`c${i}`, i % 3 === 0 ? 'g02' : 'g01', { reportedOn: day(i), acceptedOn: day(i), facts: i % 5 === 0 ? `漏水 ${i}` : `噪音 ${i}` }));
  }
  return store;
}

describe('listCases pages', () => {
  it('filters by several grids (a community) and sorts by unit, newest first within each grid', async () => {
    const store = await storeWith(9);
    const community = await store.listCases({ gridIds: ['g02'], limit: 50 });
    expect(community.items.map((c) => c.id)).toEqual(['c6', 'c3', 'c0']);
    expect(community.total).toBe(3);
    const withStatus = await store.listCases({ gridIds: ['g01', 'g02'], status: 'open', limit: 2 });
    expect([withStatus.total, withStatus.items.map((c) => c.id)]).toEqual([9, ['c8', 'c7']]);
    const byUnit = await store.listCases({ sort: 'unit', limit: 50 });
    expect(byUnit.items.map((c) => `${c.gridId}:${c.id}`)).toEqual(['g01:c8', 'g01:c7', 'g01:c5', 'g01:c4', 'g01:c2', 'g01:c1', 'g02:c6', 'g02:c3', 'g02:c0']);
    const ordered = await store.listCases({ sort: 'unit', gridIds: ['g02', 'g01'], offset: 2, limit: 3 });
    expect([ordered.total, ordered.items.map((c) => c.id)]).toEqual([9, ['c0', 'c8', 'c7']]);
    store.close();
  });

  it('lists overdue cases longest overdue first, paged from the index, with the full count', async () => {
    const store = await storeWith(30);
    await store.startMediation('c1');
    await store.conclude('c1', { outcome: { code: 'withdrawn', concludedOn: day(40), body: 'grid_worker' } });
    const first = await store.listCases({ overdue: true, limit: 10 });
    expect(first.total).toBe(29);
    expect(first.items.map((c) => c.id)).toEqual(['c0', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10']);
    expect(first.items.every((c) => c.overdue)).toBe(true);
    const last = await store.listCases({ overdue: true, offset: 20, limit: 10 });
    expect(last.items.map((c) => c.id)).toEqual(['c21', 'c22', 'c23', 'c24', 'c25', 'c26', 'c27', 'c28', 'c29']);
    store.close();
  });

  it('combines a grid with overdue, and a text search with paging, in one walk that still counts every match', async () => {
    const store = await storeWith(30);
    const grid = await store.listCases({ gridId: 'g02', overdue: true, limit: 4 });
    expect(grid.total).toBe(10);
    expect(grid.items.map((c) => c.id)).toEqual(['c27', 'c24', 'c21', 'c18']);
    const text = await store.listCases({ text: '漏水', offset: 2, limit: 2 });
    expect(text.total).toBe(6);
    // Newest first: c25, c20 | c15, c10 | c5, c0.
    expect(text.items.map((c) => c.id)).toEqual(['c15', 'c10']);
    const none = await store.listCases({ text: '不存在' });
    expect(none).toEqual({ items: [], total: 0 });
    store.close();
  });
});

describe('text search', () => {
  it('sees every write made since the last search, in this tab and in another one on the same database', async () => {
    const idb = new IDBFactory();
    const store = await openLocalStore({ user, deviceId: 'phone-1', indexedDB: idb, IDBKeyRange });
    await store.createCase(newCase('a1', 'g01', { facts: '楼上漏水' }));
    await store.createCase(newCase('a2', 'g01', { facts: '噪音扰民' }));
    const ids = async (text: string) => (await store.listCases({ text })).items.map((c) => c.id);
    expect(await ids('漏水')).toEqual(['a1']);

    await store.createCase(newCase('a3', 'g01', { facts: '厨房漏水', acceptedOn: '2024-03-05', reportedOn: '2024-03-05' }));
    expect(await ids('漏水')).toEqual(['a3', 'a1']);
    await store.editCase('a2', { facts: '卫生间漏水' });
    expect(await ids('漏水')).toEqual(['a3', 'a2', 'a1']);
    await store.deleteCase('a1');
    expect(await ids('漏水')).toEqual(['a3', 'a2']);

    const otherTab = await openLocalStore({ user, deviceId: 'phone-1', indexedDB: idb, IDBKeyRange });
    await otherTab.createCase(newCase('a4', 'g01', { facts: '阳台漏水', acceptedOn: '2024-03-09', reportedOn: '2024-03-09' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(await ids('漏水')).toEqual(['a4', 'a3', 'a2']);
    // Party names are searched too, and a search is case-insensitive.
    expect(await ids('王秀英')).toEqual(['a4', 'a3', 'a2']);
    otherTab.close();
    store.close();
  });

  it('after the first search, reads only the rows a write changed (not all of them again), in the list order', async () => {
    const store = await storeWith(12);
    const { db } = internalsOf(store);
    // The copy is read with orderBy(…).reverse().toArray(mapper); the list's own reads never pass a mapper.
    let fullReads = 0;
    const orderBy = db.cases.orderBy.bind(db.cases);
    db.cases.orderBy = ((index: string) => {
      const collection = orderBy(index);
      const reverse = collection.reverse.bind(collection);
      collection.reverse = () => {
        const reversed = reverse();
        const toArray = reversed.toArray.bind(reversed);
        reversed.toArray = ((mapper?: unknown) => {
          if (typeof mapper === 'function') fullReads++;
          return toArray(mapper as never);
        }) as typeof reversed.toArray;
        return reversed;
      };
      return collection;
    }) as typeof db.cases.orderBy;
    const ids = async (text: string) => (await store.listCases({ text, limit: 100 })).items.map((c) => c.id);
    const listed = async () => (await store.listCases({ limit: 100 })).items.map((c) => c.id);
    expect(await ids('漏水')).toEqual(['c10', 'c5', 'c0']);
    // Same day as c5 and c6: ties go by id, as in the list.
    await store.createCase(newCase('c5b', 'g01', { facts: '又漏水', reportedOn: day(5), acceptedOn: day(5) }));
    await store.editCase('c10', { facts: '已修好' });
    await store.editCase('c7', { facts: '楼上漏水' });
    expect(await ids('漏水')).toEqual(['c7', 'c5b', 'c5', 'c0']);
    expect((await listed()).filter((id) => ['c7', 'c5b', 'c5', 'c0'].includes(id))).toEqual(['c7', 'c5b', 'c5', 'c0']);
    expect(fullReads).toBe(1);
    // A change the event cannot name row by row (a cleared table) drops the copy: the next search reads again.
    await db.cases.clear();
    expect(await ids('漏水')).toEqual([]);
    expect(fullReads).toBe(2);
    store.close();
  });

  it('keeps the order and paging of the list it narrows: overdue longest first, within a grid newest first', async () => {
    const store = await storeWith(30);
    const overdue = await store.listCases({ text: '漏水', overdue: true, limit: 3 });
    expect(overdue.total).toBe(6);
    expect(overdue.items.map((c) => c.id)).toEqual(['c0', 'c5', 'c10']);
    const grid = await store.listCases({ text: '漏水', gridId: 'g02', offset: 1 });
    // 漏水 are c0, c5, …, c25; of them g02 (i % 3 === 0) are c0, c15.
    expect(grid).toMatchObject({ total: 2, items: [{ id: 'c0' }] });
    store.close();
  });
});

describe('text search by phone number', () => {
  it('finds parties by phone, also in cases a phone stored before phones were searchable (database version 3)', async () => {
    const source = await storeWith(0);
    await source.createCase(newCase('p1', 'g01', { facts: '漏水' }));
    expect((await source.listCases({ text: '0013800' })).items.map((c) => c.id)).toEqual(['p1']);
    const doc = (await source.getCase('p1'))!.case;
    source.close();

    const idb = new IDBFactory();
    const v3 = new Dexie(`tiaojie-${user.id}`, { indexedDB: idb, IDBKeyRange });
    v3.version(3).stores(storesUpTo(3));
    const row = caseRowFor(doc, { attention: false, today: '2026-01-01' });
    await v3.table('cases').put({ ...row, text: row.text.replace(' 13800138000', '') });
    await v3.table('caseDocs').put({ id: 'p1', server: null, local: doc, originPath: '/d1/s1/c1/g01/' });
    v3.close();

    const store = await openLocalStore({ user, deviceId: 'phone-1', indexedDB: idb, IDBKeyRange });
    expect((await store.listCases({ text: '13800138000' })).items.map((c) => c.id)).toEqual(['p1']);
    expect((await store.listCases({ text: '漏水' })).items.map((c) => c.id)).toEqual(['p1']);
    store.close();
  });
});
