import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { caseRowFor } from './local-view.ts';
import { openLocalStore } from './local-store.ts';
import { demoUsers, newCase } from './testing/fixtures.ts';
import type { LocalStore } from './types.ts';
import { storesUpTo } from './local-db.ts';

const user = demoUsers.grid01!;
const open = (idb: IDBFactory) => openLocalStore({ user, deviceId: 'phone-1', indexedDB: idb, IDBKeyRange });

async function concluded(store: LocalStore, id: string, code: 'success' | 'failed' = 'success') {
  await store.createCase(newCase(id));
  await store.startMediation(id);
  await store.conclude(id, { outcome: { code, concludedOn: '2024-03-10', body: 'grid_worker', ...(code === 'failed' ? { failedRoute: 'litigation' as const } : {}) } });
}

describe('follow-up visits due, from the index', () => {
  it('lists every successful case owed a visit, however many were concluded since, and drops it once performed', async () => {
    const store = await open(new IDBFactory());
    // More than the 60 recent concluded cases home used to inspect.
    for (let i = 0; i < 70; i++) await concluded(store, `ok${i}`);
    await concluded(store, 'failed1', 'failed');
    const due = await store.listCases({ followUpDue: true, limit: 30 });
    expect(due.total).toBe(70);
    expect(due.items).toHaveLength(30);
    expect(due.items.map((c) => c.id)).not.toContain('failed1');

    await store.addFollowUp('ok3', { id: 'f1', date: '2024-03-20', visitor: '网格员01', performance: 'fulfilled', satisfaction: 'satisfied', residualRisk: false, notes: '' });
    // Still owed monthly while unperformed: due again 30 days after the visit.
    await store.addFollowUp('ok4', { id: 'f1', date: '2024-03-20', visitor: '网格员01', performance: 'partial', satisfaction: 'satisfied', residualRisk: false, notes: '' });
    const after = await store.listCases({ followUpDue: true, limit: 100 });
    expect(after.total).toBe(69);
    expect(after.items.map((c) => c.id)).not.toContain('ok3');
    expect(after.items.map((c) => c.id)).toContain('ok4');
    // The longest owed first: ok4 is due on 2024-04-19, after every first visit (2024-03-17).
    expect(after.items.at(-1)?.id).toBe('ok4');
    store.close();
  });

  it('indexes the cases a phone stored before the index existed (database version 1)', async () => {
    // A valid concluded case document, made by the current store on another phone.
    const source = await open(new IDBFactory());
    await concluded(source, 'old1');
    const doc = (await source.getCase('old1'))!.case;
    source.close();

    const idb = new IDBFactory();
    const v1 = new Dexie(`tiaojie-${user.id}`, { indexedDB: idb, IDBKeyRange });
    v1.version(1).stores(storesUpTo(1));
    const { followUpDueOn: _absentInV1, ...row } = caseRowFor(doc, { attention: false, today: '2026-01-01' });
    await v1.table('cases').put(row);
    await v1.table('caseDocs').put({ id: 'old1', server: null, local: doc, originPath: '/d1/s1/c1/g01/' });
    v1.close();

    const store = await open(idb);
    const due = await store.listCases({ followUpDue: true });
    expect(due.items.map((c) => c.id)).toEqual(['old1']);
    store.close();
  });
});
