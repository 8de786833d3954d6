import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { addDays } from '@tiaojie/domain';
import { describe, expect, it } from 'vitest';
import { today } from '../cases/deadlines.ts';
import { caseRowFor } from './local-view.ts';
import { openLocalStore } from './local-store.ts';
import { storesUpTo } from './local-db.ts';
import { demoUsers, newCase } from './testing/fixtures.ts';
import type { LocalStore } from './types.ts';

const user = demoUsers.grid01!;
const open = (idb: IDBFactory) => openLocalStore({ user, deviceId: 'phone-1', indexedDB: idb, IDBKeyRange });

/** A case concluded with a written agreement signed `daysAgo` days ago (the 司法确认 window is 30 days from it). */
async function agreed(store: LocalStore, id: string, daysAgo: number, courtConfirmation: 'none' | 'applied' = 'none') {
  const on = addDays(today(), -daysAgo);
  await store.createCase(newCase(id));
  await store.startMediation(id);
  await store.conclude(id, {
    outcome: { code: 'success', concludedOn: on, body: 'grid_worker' },
    agreement: {
      form: 'written',
      content: '赔偿500元',
      signedOn: on,
      amount: 500,
      courtConfirmation,
      performance: 'pending',
      ...(courtConfirmation === 'applied' ? { courtConfirmationAppliedOn: on } : {}),
    },
  });
}

describe('the 司法确认 window on the phone (offline, from the index)', () => {
  it('lists the cases whose window ends within N days, soonest first, and drops one once applied or past', async () => {
    const store = await open(new IDBFactory());
    await agreed(store, 'in5', 25); // ends in 5 days
    await agreed(store, 'today', 30); // ends today
    await agreed(store, 'in20', 10); // ends in 20 days: not yet
    await agreed(store, 'past', 31); // ended yesterday
    await agreed(store, 'applied', 25, 'applied');
    const due = await store.listCases({ courtDueWithin: 7 });
    expect(due.items.map((c) => [c.id, c.courtConfirmationBy])).toEqual([
      ['today', today()],
      ['in5', addDays(today(), 5)],
    ]);
    expect(due.total).toBe(2);
    // Combined with another condition and with the text search, the same rule.
    expect((await store.listCases({ courtDueWithin: 7, status: 'concluded' })).items.map((c) => c.id)).toEqual(['today', 'in5']);
    expect((await store.listCases({ courtDueWithin: 7, text: '楼上漏水' })).items.map((c) => c.id)).toEqual(['today', 'in5']);

    const c = (await store.getCase('in5'))!.case;
    await store.editCase('in5', { agreement: { ...c.agreement!, courtConfirmation: 'applied', courtConfirmationAppliedOn: today() } });
    expect((await store.listCases({ courtDueWithin: 7 })).items.map((x) => x.id)).toEqual(['today']);
    store.close();
  });

  it('indexes the cases a phone stored before the index existed (database version 6)', async () => {
    const source = await open(new IDBFactory());
    await agreed(source, 'old1', 28);
    const doc = (await source.getCase('old1'))!.case;
    source.close();

    const idb = new IDBFactory();
    const v6 = new Dexie(`tiaojie-${user.id}`, { indexedDB: idb, IDBKeyRange });
    v6.version(6).stores(storesUpTo(6));
    const { courtDueOn: _absentInV6, ...row } = caseRowFor(doc, { attention: false, today: today() });
    await v6.table('cases').put(row);
    await v6.table('caseDocs').put({ id: 'old1', server: null, local: doc, originPath: '/d1/s1/c1/g01/' });
    v6.close();

    const store = await open(idb);
    expect((await store.listCases({ courtDueWithin: 7 })).items.map((x) => x.id)).toEqual(['old1']);
    store.close();
  });
});
