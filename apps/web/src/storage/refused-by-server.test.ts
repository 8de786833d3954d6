import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const databases = await serverDatabases();

describe.each(databases)('a case the real server refuses ($name)', (database) => {
  let server: ServerHarness;
  beforeAll(async () => {
    server = await startServer(database);
  }, 60_000);
  afterAll(() => server.close());

  it('stays on the phone with its data through sync, marked, and re-sends as a new create when saved again', async () => {
    const phone = await openPhone(server, 'grid01', { deviceId: 'refused-real' });
    // Another grid's case: the phone saves it, the server refuses it (not this worker's area).
    await phone.store.createCase(newCase('r-1', 'g02', { facts: '外网格的纠纷' }));
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true });
    const refused = await phone.store.getCase('r-1');
    expect(refused?.case.facts).toBe('外网格的纠纷');
    expect(refused?.attention).toEqual([expect.objectContaining({ mutationId: 1, status: 'rejected' })]);
    expect(await server.query('select id from cases where id = ?', 'r-1')).toEqual([]);

    // A pull (sync again) does not take it away; saving it sends it again, and it is refused again, still kept.
    await phone.store.editCase('r-1', { facts: '外网格的纠纷，补充' });
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true });
    const again = await phone.store.getCase('r-1');
    expect(again?.case.facts).toBe('外网格的纠纷，补充');
    expect(again?.attention.map((a) => a.mutationId).sort()).toEqual([2, 3]);
    const rows = await server.query<{ mutation_id: number; status: string }>('select mutation_id, status from mutations order by mutation_id');
    expect(rows.map((r) => [Number(r.mutation_id), r.status])).toEqual([[1, 'rejected'], [2, 'rejected'], [3, 'rejected']]);
    phone.store.close();
  });
});
