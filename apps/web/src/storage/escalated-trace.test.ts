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

  it('leaves no trace of a case deleted before it was synced', async () => {
    const worker = await openPhone(server, 'grid01');
    await worker.store.createCase(newCase('k1'));
    await worker.store.deleteCase('k1');
    await worker.engine.syncNow();
    expect(await worker.store.listEscalated()).toEqual([]);
  });
});
