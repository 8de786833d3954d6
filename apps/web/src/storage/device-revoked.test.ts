import { IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore } from './local-store.ts';
import { demoUsers, newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';
import { wipeLocalData } from './wipe-local-data.ts';

const databases = await serverDatabases();

describe.each(databases)('a revoked device erases its local data (server on $name)', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  it('is told DEVICE_REVOKED on its next contact, and wiping leaves no case, outbox entry or photo', async () => {
    const phone = await openPhone(server, 'grid01');
    await phone.store.createCase(newCase('k1'));
    expect((await phone.engine.syncNow()).ok).toBe(true);
    // Unsynced work and a photo, as a lost phone would hold them.
    await phone.store.createCase(newCase('k2'));
    await phone.store.addPhoto('k2', { blob: new Blob([new Uint8Array(1024).fill(7)], { type: 'image/jpeg' }), kind: 'agreement' });
    expect(await phone.store.hasUnsynced()).toBe(true);

    // The administrator revokes the phone.
    const admin = await server.login('admin', 'admin-desk');
    const auth = { authorization: `Bearer ${admin}` };
    const [user] = await server.query<{ id: string }>("select id from users where username = 'grid01'");
    const list = (await (await server.fetch(`/api/admin/users/${user!.id}/sessions`, { headers: auth })).json()) as { sessions: { id: string; deviceId: string }[] };
    const session = list.sessions.find((s) => s.deviceId === 'grid01-phone-1')!;
    expect((await server.fetch(`/api/admin/users/${user!.id}/sessions/${session.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);

    const again = await openPhone(server, 'grid01', { idb: phone.idb, token: phone.token });
    phone.store.close();
    expect((await again.engine.syncNow()).error?.code).toBe('DEVICE_REVOKED');

    again.store.close();
    const wiped = await wipeLocalData({ indexedDB: phone.idb, IDBKeyRange });
    expect(wiped).toEqual([`tiaojie-${demoUsers.grid01!.id}`]);
    expect((await phone.idb.databases()).map((d) => d.name)).toEqual([]);
    const reopened = await openLocalStore({ user: demoUsers.grid01!, deviceId: 'grid01-phone-1', indexedDB: phone.idb, IDBKeyRange });
    expect(await reopened.getCase('k1')).toBeUndefined();
    expect(await reopened.getCase('k2')).toBeUndefined();
    expect(await reopened.hasUnsynced()).toBe(false);
    expect(await reopened.getSyncStatus()).toMatchObject({ pending: 0, pendingPhotos: 0 });
    reopened.close();
  });

  it('calls onDeviceRevoked once and stops syncing; a plain sign-out only calls onUnauthenticated', async () => {
    const { createSyncEngine } = await import('./sync-engine.ts');
    const phone = await openPhone(server, 'grid02');
    const calls: string[] = [];
    const engine = createSyncEngine({
      store: phone.store,
      baseUrl: '',
      getToken: () => phone.token,
      fetch: server.fetch,
      onDeviceRevoked: () => calls.push('revoked'),
      onUnauthenticated: () => calls.push('unauthenticated'),
    });
    await server.query("update tokens set revoked_at = '2026-01-01T00:00:00.000Z', revoked_reason = 'disabled' where device_id = 'grid02-phone-1'");
    expect((await engine.syncNow()).error?.code).toBe('DEVICE_REVOKED');
    expect(calls).toEqual(['revoked']);
    await server.query("update tokens set revoked_reason = 'logout' where device_id = 'grid02-phone-1'");
    expect((await engine.syncNow()).error?.code).toBe('UNAUTHENTICATED');
    expect(calls).toEqual(['revoked', 'unauthenticated']);
    engine.stop();
    phone.store.close();
  });

  it('wipes the named user’s database even where databases cannot be listed', async () => {
    const phone = await openPhone(server, 'grid04');
    await phone.store.createCase(newCase('k9', 'g04'));
    phone.store.close();
    const unlisted = Object.assign(Object.create(phone.idb) as IDBFactory, { databases: undefined });
    await wipeLocalData({ indexedDB: unlisted, IDBKeyRange, userIds: [demoUsers.grid04!.id] });
    expect((await phone.idb.databases()).map((d) => d.name)).toEqual([]);
  });
});
