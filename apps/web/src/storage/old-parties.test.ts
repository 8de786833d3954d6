import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { storesUpTo } from './local-db.ts';
import { openLocalStore } from './local-store.ts';
import { caseRowFor } from './local-view.ts';
import { demoUsers, newCase } from './testing/fixtures.ts';

const user = demoUsers.grid01!;

describe('parties stored on a phone before kinds and document types', () => {
  it('read through the shared schema as 居民身份证 natural persons, and stay so through an edit', async () => {
    const idb = new IDBFactory();
    const source = await openLocalStore({ user, deviceId: 'phone-1', indexedDB: idb, IDBKeyRange });
    await source.createCase(newCase('old', 'g01', { facts: '漏水' }));
    const doc = (await source.getCase('old'))!.case;
    source.close();

    // Written back as an older app left it: no kind, no idType.
    const oldDoc = {
      ...doc,
      parties: { p1: { id: 'p1', role: 'applicant', sex: 'female', age: 76, personal: { name: '王秀英', idNumber: '11010519491231002X', phone: '13800138000' } } },
    };
    const raw = new Dexie(`tiaojie-${user.id}`, { indexedDB: idb, IDBKeyRange });
    raw.version(4).stores(storesUpTo(4));
    await raw.table('caseDocs').update('old', { local: oldDoc });
    raw.close();

    const store = await openLocalStore({ user, deviceId: 'phone-1', indexedDB: idb, IDBKeyRange });
    const read = (await store.getCase('old'))!.case;
    expect(read.parties.p1).toEqual({
      id: 'p1',
      role: 'applicant',
      kind: 'person',
      sex: 'female',
      age: 76,
      personal: { name: '王秀英', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13800138000' },
    });
    const edited = await store.editCase('old', { facts: '漏水,已协商' });
    expect(edited.parties.p1).toEqual(read.parties.p1);
    // The duplicate check and the list row are built from the parsed case too.
    expect(caseRowFor(read, { attention: false, today: '2026-01-01' }).phones).toEqual(['13800138000']);
    store.close();
  });
});
