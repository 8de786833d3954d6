import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internalsOf, localLockOf } from './store-internals.ts';
import { newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const databases = await serverDatabases();
const NAME = '欧阳秀英';

describe.each(databases)('sync of a PIN-locked phone ($name)', (database) => {
  let server: ServerHarness;
  beforeAll(async () => {
    server = await startServer(database);
  }, 60_000);
  afterAll(() => server.close());

  it('waits while locked, sends the sealed outbox once unlocked, and seals what it pulls', async () => {
    // The server's side of the recovery key is tested in apps/server/src/auth/recovery-keys.test.ts.
    const recoveryKey = btoa(String.fromCharCode(...new Uint8Array(32).fill(3)));
    const phone = await openPhone(server, 'grid01');
    const lock = localLockOf(phone.store);
    await lock.setPin('482615', recoveryKey);
    await phone.store.createCase(newCase('s-1', 'g01', { parties: { p1: { id: 'p1', role: 'applicant', personal: { name: NAME, phone: '13912345678' } } } }));
    lock.lock();
    const locked = await phone.engine.syncNow();
    expect(locked).toMatchObject({ ok: false, error: { code: 'LOCAL_LOCKED' } });
    expect(await server.query('select id from cases where id = ?', 's-1')).toEqual([]);

    expect(await lock.unlock('482615')).toEqual({ ok: true });
    expect((await phone.engine.syncNow()).ok).toBe(true);
    expect(await server.query('select id from cases where id = ?', 's-1')).toHaveLength(1);

    // Another phone of the same worker pulls the case: stored sealed as well.
    const second = await openPhone(server, 'grid01', { deviceId: 'grid01-phone-2' });
    await localLockOf(second.store).setPin('482615', recoveryKey);
    expect((await second.engine.syncNow()).ok).toBe(true);
    expect((await second.store.getCase('s-1'))!.case.parties.p1!.personal.name).toBe(NAME);
    const db = internalsOf(second.store).db;
    const raw = await db.backendDB();
    const stored = await new Promise<unknown[]>((resolve, reject) => {
      const req = raw.transaction('caseDocs').objectStore('caseDocs').getAll();
      req.onsuccess = () => resolve(req.result as unknown[]);
      req.onerror = () => reject(req.error as Error);
    });
    expect(JSON.stringify(stored)).not.toContain(NAME);
    phone.store.close();
    second.store.close();
  }, 60_000);
});
