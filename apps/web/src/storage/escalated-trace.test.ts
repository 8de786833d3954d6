import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const databases = await serverDatabases();

describe.each(databases)('a case escalated out of the area leaves a read-only trace ($name)', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  it('keeps where and when it went after the pull removes the case, and nothing for cases that stay', async () => {
    const worker = await openPhone(server, 'grid01');
    await worker.store.createCase(newCase('k1', 'g01', { caseNo: '东湖-001' }));
    await worker.store.createCase(newCase('k2'));
    await worker.store.escalate('k1', { toLevel: 'community', reason: '调解不成', date: '2024-03-05' });
    // Offline the case is still the worker's: no trace until the server has taken it.
    expect(await worker.store.listEscalated()).toEqual([]);
    await worker.engine.syncNow();

    expect(await worker.store.getCase('k1')).toBeUndefined();
    const traces = await worker.store.listEscalated();
    expect(traces).toEqual([
      expect.objectContaining({ id: 'k1', caseNo: '东湖-001', type: 'neighbour', partyNames: ['王秀英'], toLevel: 'community', toNodeId: 'c1', escalatedOn: '2024-03-05', reason: '调解不成' }),
    ]);
    expect(await worker.store.getEscalated('k1')).toMatchObject({ id: 'k1', toNodeId: 'c1' });
    expect(await worker.store.getEscalated('k2')).toBeUndefined();
    expect((await worker.store.listCases({})).items.map((c) => c.id)).toEqual(['k2']);
  });

  it("lists the trace on the worker's other phone, which never held the case, and on no other grid's phone", async () => {
    const first = await openPhone(server, 'grid01');
    await first.store.createCase(newCase('k1', 'g01', { caseNo: '东湖-001' }));
    await first.store.createCase(newCase('k2'));
    await first.engine.syncNow();
    await first.store.escalate('k1', { toLevel: 'community', reason: '调解不成', date: '2024-03-05' });
    await first.engine.syncNow();

    // A new phone (fresh browser, reinstall): its first pull brings the trace from the server.
    const second = await openPhone(server, 'grid01', { deviceId: 'grid01-phone-2', pullPageSize: 2 });
    await second.engine.syncNow();
    expect((await second.store.listCases({})).items.map((c) => c.id)).toEqual(['k2']);
    const [trace, ...more] = await second.store.listEscalated();
    expect(more).toEqual([]);
    // Where, when, and what the list line and read-only page show: the same as the phone that escalated keeps.
    const { leftAt: _mine, ...onFirst } = (await first.store.getEscalated('k1'))!;
    const { leftAt, ...onSecond } = trace!;
    expect(onSecond).toEqual(onFirst);
    expect(onSecond).toMatchObject({ id: 'k1', caseNo: '东湖-001', partyNames: ['王秀英'], toLevel: 'community', toNodeId: 'c1', escalatedOn: '2024-03-05', reason: '调解不成' });
    expect(Date.parse(leftAt)).not.toBeNaN();
    expect(await second.store.getEscalated('k1')).toMatchObject({ id: 'k1' });

    const otherGrid = await openPhone(server, 'grid02');
    await otherGrid.engine.syncNow();
    expect(await otherGrid.store.listEscalated()).toEqual([]);
  });

  it('leaves no trace of a case deleted before it was synced', async () => {
    const worker = await openPhone(server, 'grid01');
    await worker.store.createCase(newCase('k1'));
    await worker.store.deleteCase('k1');
    await worker.engine.syncNow();
    expect(await worker.store.listEscalated()).toEqual([]);
  });
});
