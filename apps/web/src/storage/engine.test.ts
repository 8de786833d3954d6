import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { internalsOf } from './store-internals.ts';
import { isStorageError } from './storage-error.ts';
import { createTabLocks, newCase, openPhone } from './testing/fixtures.ts';
import { requestJson, rewriteRequest } from './testing/request-body.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const databases = await serverDatabases();

describe.each(databases)('local store and sync engine against the server on $name', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  const serverCases = () => server.query<{ id: string; facts: string }>('select id, doc from cases where deleted = 0 order by id');

  it('writes the record and its outbox entry together; a reload before pushing loses nothing', async () => {
    const phone = await openPhone(server, 'grid01');
    await phone.store.createCase(newCase('k1'));
    await phone.store.editCase('k1', { risk: 'yellow' });
    expect((await phone.store.getSyncStatus()).pending).toBe(2);
    phone.store.close();
    // A new page: new store and engine over the same IndexedDB.
    const reloaded = await openPhone(server, 'grid01', { idb: phone.idb, token: phone.token });
    expect((await reloaded.store.getCase('k1'))?.case.risk).toBe('yellow');
    const r = await reloaded.engine.syncNow();
    expect(r).toMatchObject({ ok: true, pushed: 2 });
    expect((await serverCases()).map((c) => c.id)).toEqual(['k1']);
    expect(await reloaded.store.hasUnsynced()).toBe(false);
    expect((await reloaded.store.getCase('k1'))?.case).toMatchObject({ risk: 'yellow', status: 'accepted' });
  });

  it('resumes after a connection cut after k of n mutations and ends like an uncut run', async () => {
    const run = async (cutAfter: number | null) => {
      const s = await startServer(database);
      let pushes = 0;
      const phone = await openPhone(s, 'grid01', {
        batchSize: 2,
        fetch: async (input, init) => {
          const url = String(input);
          if (url.endsWith('/push') && cutAfter !== null && ++pushes === cutAfter) {
            await s.fetch(input, init); // the server commits; the answer never arrives
            throw new TypeError('connection reset');
          }
          return s.fetch(input, init);
        },
      });
      for (let i = 1; i <= 5; i++) await phone.store.createCase(newCase(`k${i}`));
      await phone.store.editCase('k2', { facts: '补充事实' });
      await phone.store.startMediation('k3');
      const first = await phone.engine.syncNow();
      const second = await phone.engine.syncNow();
      const rows = await s.query<{ id: string; status: string; facts: string }>('select id, status, type, risk, seq from cases order by id');
      const log = await s.query('select mutation_id, status from mutations order by mutation_id');
      await s.close();
      return { first, second, rows, log, local: (await phone.store.listCases()).items.map((c) => [c.id, c.status, c.facts, c.pending]) };
    };
    const cut = await run(2);
    const uncut = await run(null);
    expect(cut.first.ok).toBe(false);
    expect(cut.second.ok).toBe(true);
    expect(cut.rows).toEqual(uncut.rows);
    expect(cut.log).toEqual(uncut.log);
    expect(cut.local).toEqual(uncut.local);
  });

  it('puts a rejected mutation in "needs attention" and still delivers the rest of the queue', async () => {
    const worker = await openPhone(server, 'grid01');
    // A second device of the grid (a staff desktop keeps only its own unit's cases, not the grid's).
    const staff = await openPhone(server, 'grid01', { deviceId: 'grid01-tablet-1' });
    await worker.store.createCase(newCase('k1'));
    await worker.engine.syncNow();
    await staff.engine.syncNow();
    await worker.store.deleteCase('k1');
    await worker.engine.syncNow();
    // Staff edited offline before hearing of the deletion, then opened another case.
    await staff.store.editCase('k1', { facts: '社区补充' });
    await staff.store.createCase(newCase('k2', 'g01'));
    const r = await staff.engine.syncNow();
    expect(r.ok).toBe(true);
    const status = await staff.store.getSyncStatus();
    expect(status.pending).toBe(0);
    expect(status.attention).toEqual([expect.objectContaining({ caseId: 'k1', status: 'rejected', code: 'NOT_FOUND' })]);
    expect((await serverCases()).map((c) => c.id)).toEqual(['k2']);
    expect(await staff.store.getCase('k1')).toBeUndefined();
    await staff.store.dismissAttention(status.attention[0]!.mutationId);
    expect((await staff.store.getSyncStatus()).attention).toEqual([]);
  });

  it('shows a conflict on both phones and resolves it from either', async () => {
    const a = await openPhone(server, 'grid01');
    const b = await openPhone(server, 'grid01', { deviceId: 'grid01-tablet-1' });
    await a.store.createCase(newCase('k1'));
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.store.editCase('k1', { facts: 'A 的说法' });
    await b.store.editCase('k1', { facts: 'B 的说法', risk: 'yellow' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    for (const phone of [a, b]) {
      const local = (await phone.store.getCase('k1'))!.case;
      expect(local).toMatchObject({ facts: 'A 的说法', risk: 'yellow' });
      expect(Object.values(local.conflicts)).toEqual([expect.objectContaining({ path: 'facts', serverValue: 'A 的说法', clientValue: 'B 的说法', resolved: false })]);
      expect((await phone.store.listCases({ needsAttention: true })).items.map((c) => c.id)).toEqual(['k1']);
    }
    expect((await b.store.getSyncStatus()).attention).toEqual([expect.objectContaining({ status: 'conflict', code: 'EDIT_CONFLICT' })]);
    const conflictId = Object.keys((await b.store.getCase('k1'))!.case.conflicts)[0]!;
    await b.store.resolveConflict('k1', conflictId, 'B 的说法');
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect((await a.store.getCase('k1'))!.case).toMatchObject({ facts: 'B 的说法' });
    expect((await a.store.listCases({ needsAttention: true })).total).toBe(0);
  });

  it('moves an escalated case out of the grid phone and into the community phone', async () => {
    const worker = await openPhone(server, 'grid01');
    const staff = await openPhone(server, 'community01');
    await worker.store.createCase(newCase('k1'));
    const escalated = await worker.store.escalate('k1', { toLevel: 'community', reason: '调解不成', date: '2024-03-05' });
    expect(escalated).toMatchObject({ handlingLevel: 'community', handlingNodeId: 'c1' });
    await worker.engine.syncNow();
    await staff.engine.syncNow();
    expect(await worker.store.getCase('k1')).toBeUndefined();
    expect((await staff.store.getCase('k1'))?.case.handlingLevel).toBe('community');
  });

  it('lets one tab of the same database sync at a time: the other finds the outbox sent', async () => {
    const run = async (locks: ReturnType<typeof createTabLocks> | undefined) => {
      const sent: number[] = [];
      // The first answer waits until a second push arrives or 100 ms pass: the other tab has had its chance.
      let secondPush!: () => void;
      const pushedTwice = new Promise<void>((resolve) => (secondPush = resolve));
      let pushes = 0;
      const fetch: ServerHarness['fetch'] = async (input, init) => {
        if (!String(input).endsWith('/sync/push')) return server.fetch(input, init);
        sent.push(...(await requestJson<{ mutations: { id: number }[] }>(init)).mutations.map((m) => m.id));
        if (++pushes === 2) secondPush();
        const res = await server.fetch(input, init);
        if (pushes === 1) await Promise.race([pushedTwice, new Promise((resolve) => setTimeout(resolve, 100))]);
        return res;
      };
      const tabA = await openPhone(server, 'grid01', { fetch, ...(locks ? { locks } : {}), deviceId: `tabs-${String(!!locks)}` });
      const tabB = await openPhone(server, 'grid01', { fetch, idb: tabA.idb, token: tabA.token, ...(locks ? { locks } : {}), deviceId: `tabs-${String(!!locks)}` });
      for (const id of ['k1', 'k2', 'k3']) await tabA.store.createCase(newCase(`${id}-${String(!!locks)}`));
      const [a, b] = await Promise.all([tabA.engine.syncNow(), tabB.engine.syncNow()]);
      expect(a.ok && b.ok).toBe(true);
      expect(await tabB.store.hasUnsynced()).toBe(false);
      tabA.store.close();
      tabB.store.close();
      return sent;
    };
    expect(await run(createTabLocks())).toEqual([1, 2, 3]);
    // Without the lock both tabs send the same mutations (harmless, the server answers the second from its
    // stored results, but twice the traffic on a phone's connection).
    expect(await run(undefined)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('still syncs with a server that answers pulls in full (one from before lean pulls)', async () => {
    const writer = await openPhone(server, 'grid01', { deviceId: 'writer-phone' });
    await writer.store.createCase(newCase('k1'));
    expect((await writer.engine.syncNow()).ok).toBe(true);
    const paths: string[] = [];
    const phone = await openPhone(server, 'grid01', {
      fetch: async (input, init) => {
        paths.push(new URL(String(input), 'http://x').pathname);
        // An older server ignores the field it does not know.
        return server.fetch(input, await rewriteRequest(init, (body) => body.replace(',"lean":true', '')));
      },
    });
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true, pulled: 1 });
    expect(paths).toEqual(['/api/sync/pull']);
    expect((await phone.store.getCase('k1'))?.case.facts).toBe('楼上漏水 k1');
  });

  it('starts mediation with the first session (已受理 → 调解中), on the phone at once and on the server after sync', async () => {
    const phone = await openPhone(server, 'grid01');
    await phone.store.createCase(newCase('k1'));
    const session = { id: 's1', date: '2024-03-03', mediator: '网格员01', body: 'grid_worker' as const, notes: '双方到场' };
    const after = await phone.store.addSession('k1', session);
    expect(after.status).toBe('mediating');
    expect((await phone.store.getSyncStatus()).pending).toBe(3);
    const second = await phone.store.addSession('k1', { ...session, id: 's2' });
    expect(second.status).toBe('mediating');
    expect((await phone.store.getSyncStatus()).pending).toBe(4);
    expect((await phone.engine.syncNow()).ok).toBe(true);
    const [row] = await server.query<{ status: string }>('select status from cases where id = ?', 'k1');
    expect(row?.status).toBe('mediating');
  });

  it('records an investigation (调查记录) offline in one write, syncs it like a session, and another phone pulls it', async () => {
    const phone = await openPhone(server, 'grid01');
    await phone.store.createCase(newCase('k1'));
    const investigation = { id: 'v1', date: '2024-03-02', time: '09:30', place: '东湖小区3栋', investigators: '网格员01', interviewees: '王建国', findings: '卫生间防水层老化' };
    const after = await phone.store.addInvestigation('k1', investigation);
    expect(after.investigations.v1).toEqual(investigation);
    expect((await phone.store.getSyncStatus()).pending).toBe(2);
    expect((await phone.engine.syncNow()).ok).toBe(true);
    const [row] = await server.query<{ doc: string }>('select doc from cases where id = ?', 'k1');
    expect((JSON.parse(row!.doc) as { investigations: unknown }).investigations).toEqual({ v1: investigation });
    const other = await openPhone(server, 'grid01', { deviceId: 'grid01-phone-2' });
    expect((await other.engine.syncNow()).ok).toBe(true);
    expect((await other.store.getCase('k1'))?.case.investigations.v1).toEqual(investigation);
  });

  it('gives up on a request that never ends and tries again later', async () => {
    const phone = await openPhone(server, 'grid01', {
      requestTimeoutMs: 50,
      fetch: (input, init) =>
        String(input).endsWith('/sync/push')
          ? new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)))
          : server.fetch(input, init),
    });
    await phone.store.createCase(newCase('k1'));
    const r = await phone.engine.syncNow();
    expect(r).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect((await phone.store.getSyncStatus()).pending).toBe(1);
  });

  it('gives a request that sends more the time to send it (a second per KB on top), so a slow link still syncs', async () => {
    const phone = await openPhone(server, 'grid01', {
      requestTimeoutMs: 50,
      // The push answers after 300 ms: past the 50 ms limit, within the allowance for its body of a few hundred bytes.
      fetch: async (input, init) => {
        if (String(input).endsWith('/sync/push')) await new Promise((resolve) => setTimeout(resolve, 300));
        if (init?.signal?.aborted) throw new Error('aborted');
        return server.fetch(input, init);
      },
    });
    await phone.store.createCase(newCase('k1'));
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true, pushed: 1 });
  });

  it('uploads a photo before the case that references it, resuming after a cut at 50%, and keeps the bytes until confirmed', async () => {
    let cut = true;
    let patches = 0;
    const phone = await openPhone(server, 'grid01', {
      fetch: async (input, init) => {
        if (init?.method === 'PATCH' && cut && ++patches === 2) throw new TypeError('network lost');
        return server.fetch(input, init);
      },
    });
    await phone.store.createCase(newCase('k1'));
    const bytes = new Uint8Array(512 * 1024).map((_, i) => (i * 31) % 251);
    const ref = await phone.store.addPhoto('k1', { blob: new Blob([bytes], { type: 'image/jpeg' }), kind: 'agreement' });
    const failed = await phone.engine.syncNow();
    expect(failed.ok).toBe(false);
    expect((await phone.store.getSyncStatus()).pendingPhotos).toBe(1);
    expect((await phone.store.getPhotoBlob(ref.sha256))?.size).toBe(bytes.length);
    // The server holds half of grid01's own upload (asked as grid01 from another device; nobody else may ask).
    const probe = await server.login('grid01', 'probe-device');
    const half = await server.fetch(`/api/photos/${ref.sha256}/status`, { headers: { authorization: `Bearer ${probe}` } });
    expect(await half.json()).toMatchObject({ offset: 256 * 1024, complete: false });
    expect(await server.query('select sha256 from photos where sha256 = ?', ref.sha256)).toEqual([]);
    cut = false;
    expect((await phone.engine.syncNow()).ok).toBe(true);
    expect((await phone.store.getSyncStatus()).pendingPhotos).toBe(0);
    const stored = await server.query<{ complete: number }>('select complete from photos where sha256 = ?', ref.sha256);
    expect(Number(stored[0]?.complete)).toBe(1);
    expect(Object.keys((await phone.store.getCase('k1'))!.case.photos)).toEqual([ref.sha256]);
  });

  it('still syncs an outbox entry written by an older app version', async () => {
    const phone = await openPhone(server, 'grid01');
    const { db } = internalsOf(phone.store);
    await db.transaction('rw', [db.outbox, db.meta], async () => {
      await db.outbox.add({ id: 1, name: 'case.create', args: { case: newCase('old1') }, createdAt: '2024-01-01T00:00:00Z', caseId: 'old1' });
      await db.meta.put({ key: 'nextMutationId', value: 2 });
    });
    await phone.store.createCase(newCase('new2'));
    expect((await phone.engine.syncNow()).ok).toBe(true);
    expect((await serverCases()).map((c) => c.id)).toEqual(['new2', 'old1']);
  });

  it('reports a full disk as STORAGE_FULL and saves nothing', async () => {
    const phone = await openPhone(server, 'grid01');
    const { db } = internalsOf(phone.store);
    db.outbox.hook('creating', () => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    const err = await phone.store.createCase(newCase('k1')).catch((e: unknown) => e);
    expect(isStorageError(err) && err.code).toBe('STORAGE_FULL');
    expect(await phone.store.getCase('k1')).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('tells a too-old app to update and keeps its outbox', async () => {
    const phone = await openPhone(server, 'grid01', {
      fetch: async (input, init) => server.fetch(input, await rewriteRequest(init, (body) => body.replace(/"protocolVersion":\d+/, '"protocolVersion":0'))),
    });
    await phone.store.createCase(newCase('k1'));
    const r = await phone.engine.syncNow();
    expect(r.error?.code).toBe('PROTOCOL_TOO_OLD');
    expect(phone.engine.getStatus().updateRequired).toBe(true);
    expect((await phone.store.getSyncStatus()).pending).toBe(1);
  });
});
