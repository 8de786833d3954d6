import { IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberLockStatus } from '../lock/lock-hint.ts';
import { openLocalStore } from '../storage/index.ts';
import { apiFetch } from './http.ts';
import { readSession, resetSessionCacheForTests, writeSession } from './session.ts';
import { readSignedOutReason } from './signed-out.ts';

const user = { id: 'u-revoked', username: 'grid01', displayName: '网格员01', role: 'grid_worker' as const, nodeId: 'g01', nodePath: '/d1/s1/c1/g01/' };

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
  resetSessionCacheForTests();
});

describe('a device the server refuses', () => {
  it('DEVICE_REVOKED: ends the session and erases the local database, outbox and photos', async () => {
    const store = await openLocalStore({ user, deviceId: 'dev-1', IDBKeyRange });
    await store.createCase({
      id: 'k1',
      gridId: 'g01',
      type: 'neighbour',
      source: 'proactive',
      facts: '楼上漏水',
      reportedOn: '2024-03-01',
      acceptedOn: '2024-03-02',
      parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '王秀英', phone: '13800138000' } } },
    });
    await store.addPhoto('k1', { blob: new Blob([new Uint8Array(64).fill(1)], { type: 'image/jpeg' }), kind: 'agreement' });
    expect(await store.hasUnsynced()).toBe(true);
    store.close();
    writeSession({ token: 'tok', user, signedInAt: new Date().toISOString() });
    localStorage.setItem(`tiaojie.orgNodes.${user.id}`, '[]');
    rememberLockStatus(user.id, 'locked');
    vi.stubGlobal('fetch', async () => Response.json({ error: { code: 'DEVICE_REVOKED', message: 'revoked' } }, { status: 401 }));
    await expect(apiFetch('/api/me')).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    expect(readSession()).toBeNull();
    expect(readSignedOutReason()).toBe('DEVICE_REVOKED');
    await vi.waitFor(async () => expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(`tiaojie-${user.id}`));
    expect(localStorage.getItem(`tiaojie.orgNodes.${user.id}`)).toBeNull();
    // No early PIN pad (boot/lock-pad.js) on the wiped phone's next start.
    expect(localStorage.getItem('tiaojie.pinLocked')).toBeNull();
    const reopened = await openLocalStore({ user, deviceId: 'dev-1', IDBKeyRange });
    expect(await reopened.getCase('k1')).toBeUndefined();
    expect(await reopened.getSyncStatus()).toMatchObject({ pending: 0, pendingPhotos: 0 });
    reopened.close();
  });

  it('SESSION_IDLE: ends the session, keeps the local data, and says why', async () => {
    writeSession({ token: 'tok', user, signedInAt: new Date().toISOString() });
    vi.stubGlobal('fetch', async () => Response.json({ error: { code: 'SESSION_IDLE', message: 'idle' } }, { status: 401 }));
    await expect(apiFetch('/api/me')).rejects.toMatchObject({ code: 'SESSION_IDLE' });
    expect(readSession()).toBeNull();
    expect(readSignedOutReason()).toBe('SESSION_IDLE');
  });
});
