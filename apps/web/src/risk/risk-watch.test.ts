import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storesUpTo } from '../storage/local-db.ts';
import { openLocalStore } from '../storage/local-store.ts';
import { demoUsers, newCase, openPhone } from '../storage/testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from '../storage/testing/server-harness.ts';
import { escalateDue } from './risk-watcher.tsx';
import { riskWarnings } from './risk-warnings.ts';
import { defaultRiskLimits } from '@tiaojie/domain';

const reason = () => '红色风险案件超过处置时限，无人处理，系统自动上报';
const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);

describe('risk grades on the phone (fake-indexeddb)', () => {
  it('a case stored with an old risk code reads as its grade, in the case and in the list', async () => {
    const user = demoUsers.grid01!;
    const idb = new IDBFactory();
    const source = await openLocalStore({ user, deviceId: 'phone-1', indexedDB: idb, IDBKeyRange });
    await source.createCase(newCase('old', 'g01', { facts: '漏水' }));
    const doc = (await source.getCase('old'))!.case;
    source.close();
    const raw = new Dexie(`tiaojie-${user.id}`, { indexedDB: idb, IDBKeyRange });
    raw.version(6).stores(storesUpTo(6));
    const { riskFlags: _flags, riskChanges: _changes, ...withoutGrades } = doc;
    await raw.table('caseDocs').update('old', { local: { ...withoutGrades, risk: 'major' } });
    raw.close();

    const store = await openLocalStore({ user, deviceId: 'phone-1', indexedDB: idb, IDBKeyRange });
    expect((await store.getCase('old'))!.case).toMatchObject({ risk: 'yellow', riskFlags: [], riskChanges: {} });
    await store.editCase('old', { facts: '漏水，已协商' });
    expect((await store.listCases({})).items[0]!.risk).toBe('yellow');
    store.close();
  });
});

const databases = await serverDatabases();

describe.each(databases)('a red case nobody acted on escalates itself ($name)', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  it('offline when the phone notices, once, recorded as automatic; a second phone noticing too changes nothing', async () => {
    const worker = await openPhone(server, 'grid01');
    const other = await openPhone(server, 'grid01', { deviceId: 'grid01-phone-2' });
    const red = await worker.store.createCase(newCase('k1', 'g01', { risk: 'red', riskFlags: ['suicide'] }));
    await worker.store.createCase(newCase('k2', 'g01', { risk: 'blue' }));
    await worker.engine.syncNow();
    await other.engine.syncNow();

    const before = minutesAfter(red.createdAt, 50);
    expect(riskWarnings((await worker.store.listCases({ status: 'open' })).items, defaultRiskLimits, before).map((w) => [w.item.id, w.clock.state])).toEqual([['k1', 'approaching']]);
    expect(await escalateDue(worker.store, before, reason)).toBe(0);

    const after = minutesAfter(red.createdAt, 61);
    expect(await escalateDue(worker.store, after, reason)).toBe(1);
    expect(await escalateDue(worker.store, after, reason)).toBe(0);
    const local = (await worker.store.getCase('k1'))!.case;
    expect(local.handlingLevel).toBe('subdistrict');
    expect(Object.values(local.escalations)).toMatchObject([{ id: 'auto-red-subdistrict', automatic: true, fromLevel: 'grid', toLevel: 'subdistrict', reason: reason() }]);
    // The second phone noticed offline as well, before hearing of the first one's escalation.
    expect(await escalateDue(other.store, after, reason)).toBe(1);

    await worker.engine.syncNow();
    await other.engine.syncNow();
    expect((await other.store.getCase('k1'))?.attention ?? []).toEqual([]);
    const staff = await openPhone(server, 'street');
    await staff.engine.syncNow();
    const onServer = (await staff.store.getCase('k1'))!.case;
    expect(onServer.handlingLevel).toBe('subdistrict');
    expect(Object.keys(onServer.escalations)).toEqual(['auto-red-subdistrict']);
    // The blue case stays with the grid: the sub-district's desktop does not keep it (it keeps its own unit's cases).
    expect(await staff.store.getCase('k2')).toBeUndefined();
    expect((await worker.store.getCase('k2'))!.case.handlingLevel).toBe('grid');
  });
});
