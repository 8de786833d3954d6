import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store.ts';
import { internalsOf } from './store-internals.ts';
import { createSyncEngine } from './sync-engine.ts';
import { demoUsers, newCase, openPhone, type Phone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const databases = await serverDatabases();

/** Everything the phone shows of its cases, in id order. */
async function localCases(phone: Phone) {
  const ids = (await phone.store.listCases({ limit: 100 })).items.map((c) => c.id).sort();
  return Promise.all(ids.map(async (id) => (await phone.store.getCase(id))?.case));
}

describe.each(databases)('a phone after its server was restored to an older point ($name)', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  const serverHistory = async () => (await server.query<{ value: string }>(`select value from server_meta where key = 'history_id'`))[0]!.value;

  it('sends back the history id it heard, keeps acknowledged entries, and counts none of them as pending', async () => {
    const phone = await openPhone(server, 'grid01');
    for (let i = 1; i <= 3; i++) await phone.store.createCase(newCase(`h${i}`));
    expect((await phone.engine.syncNow()).ok).toBe(true);
    const internals = internalsOf(phone.store);
    expect(await internals.getHistoryId()).toBe(await serverHistory());
    expect((await internals.keptEntries(1, 10)).map((e) => e.id)).toEqual([1, 2, 3]);
    expect(await phone.store.getSyncStatus()).toMatchObject({ pending: 0, resyncing: false });
    expect(await phone.store.hasUnsynced()).toBe(false);
  });

  it('forgets acknowledged entries older than the days kept and beyond the count kept', async () => {
    let clock = new Date('2026-03-01T08:00:00Z');
    const token = await server.login('grid01', 'grid01-phone-1');
    const store = await openLocalStore({ user: demoUsers.grid01!, deviceId: 'grid01-phone-1', indexedDB: new IDBFactory(), IDBKeyRange, now: () => clock, keepSent: { days: 14, count: 3 } });
    const engine = createSyncEngine({ store, baseUrl: '', getToken: () => token, fetch: server.fetch });
    const kept = async () => (await internalsOf(store).keptEntries(1, 100)).map((e) => e.id);
    for (let i = 1; i <= 5; i++) await store.createCase(newCase(`p${i}`));
    expect((await engine.syncNow()).ok).toBe(true);
    // Young: all kept, beyond the count too.
    expect(await kept()).toEqual([1, 2, 3, 4, 5]);
    clock = new Date('2026-03-16T08:00:00Z');
    await store.createCase(newCase('p6'));
    expect((await engine.syncNow()).ok).toBe(true);
    // Old ones go only beyond the last 3.
    expect(await kept()).toEqual([4, 5, 6]);
    store.close();
  });

  it('re-sends what the server lost: all cases there once, the phone unchanged, an edit made meanwhile kept', async () => {
    const phone = await openPhone(server, 'grid01', { batchSize: 3 });
    for (let i = 1; i <= 5; i++) await phone.store.createCase(newCase(`k${i}`));
    expect((await phone.engine.syncNow()).ok).toBe(true);
    const backup = await server.backup();
    for (let i = 6; i <= 10; i++) await phone.store.createCase(newCase(`k${i}`));
    expect((await phone.engine.syncNow()).ok).toBe(true);
    const before = await localCases(phone);
    expect(before).toHaveLength(10);
    const heardBefore = await internalsOf(phone.store).getHistoryId();

    await server.restore(backup);
    expect((await server.query('select id from cases')).length).toBe(5);
    // Edits made on the phone while the server is back at the older point: one on a case it lost, one on a case it kept.
    await phone.store.editCase('k8', { facts: '回档期间补充的事实' });
    await phone.store.editCase('k3', { risk: 'yellow' });

    const run = await phone.engine.syncNow();
    expect(run).toMatchObject({ ok: true });

    const rows = await server.query<{ id: string; doc: string }>('select id, doc from cases where deleted = 0 order by id');
    expect(rows.map((r) => r.id)).toEqual(['k1', 'k10', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
    const doc = (id: string) => JSON.parse(rows.find((r) => r.id === id)!.doc) as { facts: string; risk: string };
    expect(doc('k8').facts).toBe('回档期间补充的事实');
    expect(doc('k3').risk).toBe('yellow');
    // Once each: 10 creations and 2 edits, every id applied once.
    const log = await server.query<{ mutation_id: number; status: string }>('select mutation_id, status from mutations order by mutation_id');
    expect(log.map((m) => [Number(m.mutation_id), m.status])).toEqual(Array.from({ length: 12 }, (_, i) => [i + 1, 'applied']));

    // The phone: the same cases as before, with the two edits; nothing waits; the new history id adopted.
    const after = await localCases(phone);
    const expected = before.map((c) => (c!.id === 'k8' ? { ...c!, facts: '回档期间补充的事实' } : c!.id === 'k3' ? { ...c!, risk: 'yellow' } : c));
    expect(after.map((c) => [c!.id, c!.facts, c!.risk, c!.status, c!.caseNo, Object.keys(c!.parties)])).toEqual(
      expected.map((c) => [c!.id, c!.facts, c!.risk, c!.status, c!.caseNo, Object.keys(c!.parties)]),
    );
    expect(await phone.store.getSyncStatus()).toMatchObject({ pending: 0, resyncing: false, lastError: null });
    const heardAfter = await internalsOf(phone.store).getHistoryId();
    expect(heardAfter).toBe(await serverHistory());
    expect(heardAfter).not.toBe(heardBefore);

    // Settled: the next run is an ordinary one, and another phone of the same user sees the same cases.
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true, pushed: 0 });
    const other = await openPhone(server, 'grid01', { deviceId: 'grid01-phone-2' });
    expect((await other.engine.syncNow()).ok).toBe(true);
    expect((await localCases(other)).map((c) => [c!.id, c!.facts, c!.risk])).toEqual(after.map((c) => [c!.id, c!.facts, c!.risk]));
  });

  it('with nothing left to send, the phone still finds and re-sends what the server lost', async () => {
    const phone = await openPhone(server, 'grid01', { batchSize: 2 });
    for (let i = 1; i <= 3; i++) await phone.store.createCase(newCase(`q${i}`));
    expect((await phone.engine.syncNow()).ok).toBe(true);
    const backup = await server.backup();
    for (let i = 4; i <= 7; i++) await phone.store.createCase(newCase(`q${i}`));
    expect((await phone.engine.syncNow()).ok).toBe(true);
    await server.restore(backup);
    const run = await phone.engine.syncNow();
    expect(run.ok ? null : run.error).toBeNull();
    expect(run).toMatchObject({ ok: true, pushed: 4 });
    const ids = (await server.query<{ id: string }>('select id from cases order by id')).map((r) => r.id);
    expect(ids).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7']);
    expect((await localCases(phone)).map((c) => c!.id)).toEqual(ids);
  });

  it('offers its photos again: a signature the server lost is readable there again', async () => {
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (ch) => ch.charCodeAt(0));
    const phone = await openPhone(server, 'grid01');
    await phone.store.createCase(newCase('s1'));
    expect((await phone.engine.syncNow()).ok).toBe(true);
    const backup = await server.backup();
    const sig = await phone.store.addSignature('s1', { blob: new Blob([png], { type: 'image/png' }), document: 'agreement', signer: 'party', partyId: 'p1', signerName: '王秀英' });
    expect((await phone.engine.syncNow()).ok).toBe(true);
    await server.restore(backup);
    expect(await server.query('select sha256 from photos')).toEqual([]);
    expect((await phone.engine.syncNow()).ok).toBe(true);
    expect(await server.query('select sha256, complete from photos')).toMatchObject([{ sha256: sig.sha256 }]);
    const [row] = await server.query<{ doc: string }>('select doc from cases where id = ?', 's1');
    expect(JSON.parse(row!.doc).signatures[sig.id]).toMatchObject({ sha256: sig.sha256 });
    expect(await phone.store.getSyncStatus()).toMatchObject({ pending: 0, pendingPhotos: 0 });
  });

  it('a phone that synced nothing after the backup point goes on as before', async () => {
    const phone = await openPhone(server, 'grid01');
    for (let i = 1; i <= 4; i++) await phone.store.createCase(newCase(`n${i}`));
    expect((await phone.engine.syncNow()).ok).toBe(true);
    await server.restore(await server.backup());
    await phone.store.editCase('n2', { risk: 'yellow' });
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true });
    const log = await server.query<{ mutation_id: number }>('select mutation_id from mutations order by mutation_id');
    expect(log.map((m) => Number(m.mutation_id))).toEqual([1, 2, 3, 4, 5]);
    expect((await phone.store.getCase('n2'))?.case.risk).toBe('yellow');
    expect(await internalsOf(phone.store).getHistoryId()).toBe(await serverHistory());
  });
});
