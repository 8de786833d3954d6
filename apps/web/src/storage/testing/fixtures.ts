import type { NewCase, User } from '@tiaojie/domain';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createSyncEngine } from '../sync-engine.ts';
import { openLocalStore } from '../local-store.ts';
import type { LocalStore, SyncEngine, SyncLocks } from '../types.ts';
import type { ServerHarness } from './server-harness.ts';

export const demoUsers: Record<string, User> = {
  grid01: { id: 'u-grid01', username: 'grid01', displayName: '网格员01', role: 'grid_worker', nodeId: 'g01', nodePath: '/d1/s1/c1/g01/' },
  grid02: { id: 'u-grid02', username: 'grid02', displayName: '网格员02', role: 'grid_worker', nodeId: 'g02', nodePath: '/d1/s1/c1/g02/' },
  grid04: { id: 'u-grid04', username: 'grid04', displayName: '网格员04', role: 'grid_worker', nodeId: 'g04', nodePath: '/d1/s1/c2/g04/' },
  community01: { id: 'u-community01', username: 'community01', displayName: '东湖社区', role: 'community_staff', nodeId: 'c1', nodePath: '/d1/s1/c1/' },
  street: { id: 'u-street', username: 'street', displayName: '清河街道司法所', role: 'subdistrict_staff', nodeId: 's1', nodePath: '/d1/s1/' },
};

export function newCase(id: string, gridId = 'g01', extra: Partial<NewCase> = {}): NewCase {
  return {
    id,
    gridId,
    type: 'neighbour',
    source: 'proactive',
    facts: `楼上漏水 ${id}`,
    reportedOn: '2024-03-01',
    acceptedOn: '2024-03-02',
    parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '王秀英', phone: '13800138000' } } },
    ...extra,
  };
}

/** A simulated phone: its own IndexedDB, store and engine, talking to `server` through `fetch`. */
export interface Phone {
  username: string;
  idb: IDBFactory;
  store: LocalStore;
  engine: SyncEngine;
  token: string;
}

export async function openPhone(
  server: ServerHarness,
  username: string,
  options: {
    idb?: IDBFactory;
    token?: string;
    fetch?: ServerHarness['fetch'];
    batchSize?: number;
    pullPageSize?: number;
    deviceId?: string;
    locks?: SyncLocks;
    requestTimeoutMs?: number;
  } = {},
): Promise<Phone> {
  const idb = options.idb ?? new IDBFactory();
  const deviceId = options.deviceId ?? `${username}-phone-1`;
  const token = options.token ?? (await server.login(username, deviceId));
  // The server's user id is a UUID; the local store only needs a stable per-user name and the role/path.
  const store = await openLocalStore({ user: demoUsers[username]!, deviceId, indexedDB: idb, IDBKeyRange });
  const engine = createSyncEngine({
    store,
    baseUrl: '',
    getToken: () => token,
    fetch: options.fetch ?? server.fetch,
    batchSize: options.batchSize ?? 200,
    ...(options.pullPageSize ? { pullPageSize: options.pullPageSize } : {}),
    ...(options.locks ? { locks: options.locks } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  return { username, idb, store, engine, token };
}

/** The Web Locks API as the tabs of one origin share it: callbacks under one name run one after another. */
export function createTabLocks(): SyncLocks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request(name, callback) {
      const granted = (tails.get(name) ?? Promise.resolve()).then(() => callback());
      tails.set(name, granted.catch(() => undefined));
      return granted;
    },
  };
}
