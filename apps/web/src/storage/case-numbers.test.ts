import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const databases = await serverDatabases();

describe.each(databases)('case numbers on the phone against the server on $name', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  it('shows a provisional number offline, then the final one after sync, and finds the case by either', async () => {
    const phone = await openPhone(server, 'grid01');
    const other = await openPhone(server, 'grid01', { deviceId: 'grid01-phone-2' });
    const c = await phone.store.createCase(newCase('k1'));
    await phone.store.createCase(newCase('k2'));
    await other.store.createCase(newCase('k3'));
    expect(c.provisionalNo).toMatch(/^临G01-[0-9A-F]{4}-0001$/);
    expect(c.caseNo).toBeUndefined();
    const k2 = (await phone.store.getCase('k2'))!.case.provisionalNo!;
    expect(k2).toMatch(/-0002$/);
    // Another phone of the same grid counts on its own, and its numbers still differ.
    const k3 = (await other.store.getCase('k3'))!.case.provisionalNo!;
    expect(k3).not.toBe(c.provisionalNo);
    const offline = await phone.store.listCases({ text: c.provisionalNo!.slice(-9).toLowerCase() });
    expect(offline.items.map((x) => [x.id, x.provisionalNo, x.caseNo])).toEqual([['k1', c.provisionalNo, undefined]]);

    await other.engine.syncNow();
    await phone.engine.syncNow();
    const synced = (await phone.store.getCase('k1'))!.case;
    // The other phone reached the server first: its case took number 1.
    expect(synced.caseNo).toBe('（2024）清河调字第0002号');
    expect(synced.provisionalNo).toBe(c.provisionalNo);
    expect((await phone.store.listCases({ text: '第0002号' })).items.map((x) => x.id)).toEqual(['k1']);
    expect((await phone.store.listCases({ text: c.provisionalNo! })).items.map((x) => [x.id, x.caseNo])).toEqual([['k1', '（2024）清河调字第0002号']]);
    // Each phone sees the numbers the other phone's cases got.
    await other.engine.syncNow();
    expect((await other.store.getCase('k1'))!.case.caseNo).toBe('（2024）清河调字第0002号');
    expect((await other.store.getCase('k3'))!.case.caseNo).toBe('（2024）清河调字第0001号');
    phone.store.close();
    other.store.close();
  });
});

describe('the court-confirmation reminder in the list', () => {
  it('shows the last day to apply (agreement + 30 days) until an application is recorded', async () => {
    const { IDBFactory, IDBKeyRange } = await import('fake-indexeddb');
    const { openLocalStore } = await import('./local-store.ts');
    const { demoUsers } = await import('./testing/fixtures.ts');
    const store = await openLocalStore({ user: demoUsers.grid01!, deviceId: 'phone-1', indexedDB: new IDBFactory(), IDBKeyRange });
    await store.createCase(newCase('k1'));
    await store.startMediation('k1');
    await store.conclude('k1', {
      // Signed before the conclusion, as the shared date-order rule wants.
      outcome: { code: 'success', concludedOn: '2024-03-12', body: 'grid_worker' },
      agreement: { form: 'written', content: '赔偿', signedOn: '2024-03-12', amount: 0, courtConfirmation: 'none', performance: 'pending' },
    });
    expect((await store.listCases({})).items[0]?.courtConfirmationBy).toBe('2024-04-11');
    // Concluded without a session record or the parties' signatures: its file is incomplete; an open case with a
    // final number is not (one with only a provisional number is: its cover lacks the final number).
    await store.createCase(newCase('k2', 'g01', { caseNo: 'QH-2024-0002' }));
    expect((await store.listCases({ fileIncomplete: true })).items.map((x) => x.id)).toEqual(['k1']);
    expect((await store.listCases({ fileIncomplete: true, status: 'open' })).items).toEqual([]);
    await store.editCase('k1', { agreement: { form: 'written', content: '赔偿', signedOn: '2024-03-12', amount: 0, courtConfirmation: 'applied', courtConfirmationAppliedOn: '2024-03-20', performance: 'pending' } });
    expect((await store.listCases({})).items[0]?.courtConfirmationBy).toBeUndefined();
    store.close();
  });
});
