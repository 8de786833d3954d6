import { createContext, startTransition, useContext, useEffect, useState, type ReactNode } from 'react';
import type { User } from '@tiaojie/domain';
import { deviceId, readSession, writeSession } from '../api/session.ts';
import { handleDeviceRevoked } from '../api/signed-out.ts';
import type { LocalLock, LocalStore, SyncEngine, SyncStatus } from '../storage/index.ts';
import { StartupSkeleton } from './startup-skeleton.tsx';
import { withStoredStatus } from './stored-sync-status.ts';
import { whenIdle } from './when-idle.ts';

/**
 * Storage — Dexie, and the domain and sync schemas it parses every record with — is loaded lazily, after
 * React has drawn the skeleton, and in steps: the record schemas first, then the rest, each evaluated in a
 * task of its own, so startup is a few short tasks instead of one long one. index.html preloads both chunks
 * (vite.config.ts), so this costs no extra round trip.
 */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function loadStorage() {
  await import('./record-schemas.ts');
  await nextTask();
  return import('../storage/index.ts');
}

/**
 * One local store per signed-in user (a shared phone never mixes two workers' cases) and its sync engine.
 * Screens get both from here and read data only through `useObserved`, so React never touches Dexie.
 */
interface StoreContextValue {
  user: User;
  store: LocalStore;
  sync: SyncEngine;
  /** The PIN lock of the local data: grid workers' phones only (null for staff, whose sessions idle out instead). */
  lock: LocalLock | null;
}

const StoreContext = createContext<StoreContextValue | null>(null);

/** Opens the user's store and its engine (not started): each step its own task, so none blocks for long. */
async function openStore(user: User): Promise<StoreContextValue> {
  const storage = await loadStorage();
  await nextTask();
  const store = await storage.openLocalStore({ user, deviceId: deviceId() });
  const stored = await store.getSyncStatus();
  await nextTask();
  const lock = user.role === 'grid_worker' ? storage.localLockOf(store) : null;
  return { user, store, sync: withStoredStatus(startEngine(storage, store), stored), lock };
}

let preopened: StoreContextValue | null = null;
/** How long a reopened app waits before its first sync (see StoreProvider). */
const REOPEN_SYNC_DELAY_MS = 2000;

/**
 * Opens the store before React renders anything (start.tsx, when a signed-in user reopens the app), so the
 * first commit is the screen with its data rather than a skeleton, then a shell, then the lists. The
 * StoreProvider for the same user takes it over; sync still waits until that screen has rendered.
 */
export async function preopenStore(user: User): Promise<StoreContextValue> {
  preopened = await openStore(user);
  return preopened;
}

function takePreopened(user: User): StoreContextValue | null {
  const value = preopened?.user.id === user.id ? preopened : null;
  preopened = null;
  return value;
}

const closed = new WeakSet<StoreContextValue>();

export function StoreProvider({ user, children, fallback }: { user: User; children: ReactNode; fallback?: ReactNode }) {
  const [value, setValue] = useState<StoreContextValue | null>(() => takePreopened(user));
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    let opened: StoreContextValue | null = null;
    let cancelIdle = () => {};
    const ready = (current: StoreContextValue) => {
      opened = current;
      if (!alive) return closeAll(current);
      if (current !== value) startTransition(() => setValue(current));
      // The first sync (on a fresh login: every case in the grid) waits until home has rendered its lists; on a
      // reopened app (the store opened before the first render) also until start-up's work has settled, so its
      // pull and writes do not land among the first screen's tasks.
      const start = () => {
        cancelIdle = whenIdle(() => alive && current.sync.start());
      };
      if (current === value) {
        const timer = setTimeout(start, REOPEN_SYNC_DELAY_MS);
        cancelIdle = () => clearTimeout(timer);
      } else start();
    };
    // A store opened before the first render is used once; a remount (StrictMode's in development) reopens.
    if (value && value.user.id === user.id && !closed.has(value)) ready(value);
    else openStore(user).then(ready).catch((err: unknown) => alive && setFailure(err));
    return () => {
      alive = false;
      cancelIdle();
      if (opened) {
        closed.add(opened);
        closeAll(opened);
      }
    };
    // `value` is read once, for the store opened before the first render; the user alone decides a reopen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user]);
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  if (!value) return <>{fallback ?? <StartupSkeleton />}</>;
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

function startEngine(storage: Awaited<ReturnType<typeof loadStorage>>, store: LocalStore): SyncEngine {
  try {
    return storage.createSyncEngine({
      store,
      baseUrl: '',
      getToken: () => readSession()?.token ?? null,
      // Only the server saying the token is dead ends the session; the local data stays for the next login.
      onUnauthenticated: () => writeSession(null),
      // A revoked device (or a disabled account) erases everything it holds; the sign-in screen says why.
      onDeviceRevoked: () => void handleDeviceRevoked(),
      eventTarget: window,
    });
  } catch (err) {
    // Recording cases must never depend on sync: without an engine the worker keeps working locally and
    // the sync bar shows the failure.
    console.error('sync engine unavailable', err);
    return inertSyncEngine(store);
  }
}

function inertSyncEngine(store: LocalStore): SyncEngine {
  const listeners = new Set<(s: SyncStatus) => void>();
  let status: SyncStatus = {
    pending: 0,
    pendingPhotos: 0,
    attention: [],
    lastSuccessAt: null,
    lastError: { code: 'INTERNAL', message: 'sync engine unavailable', at: new Date().toISOString() },
    syncing: false,
    resyncing: false,
    updateRequired: false,
  };
  const refresh = async () => {
    const local = await store.getSyncStatus();
    status = { ...status, ...local };
    for (const l of listeners) l(status);
  };
  let unsubscribe: (() => void) | null = null;
  return {
    start() {
      unsubscribe = store.observe((s) => s.getSyncStatus()).subscribe(() => void refresh());
    },
    stop() {
      unsubscribe?.();
    },
    async syncNow() {
      return { ok: false, pushed: 0, pulled: 0, error: { code: 'INTERNAL', message: 'sync engine unavailable' } };
    },
    getStatus: () => status,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

function closeAll(v: StoreContextValue) {
  v.sync.stop();
  v.store.close();
}

/** For tests and benchmarks: provide an already opened store and engine. */
export function StoreContextProvider({ value, children }: { value: StoreContextValue; children: ReactNode }) {
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

export function useStoreContext(): StoreContextValue {
  const v = useContext(StoreContext);
  if (!v) throw new Error('useStoreContext outside StoreProvider');
  return v;
}

export function useLocalStore(): LocalStore {
  return useStoreContext().store;
}

export function useSyncStatus(): SyncStatus {
  const { sync } = useStoreContext();
  const [status, setStatus] = useState<SyncStatus>(() => sync.getStatus());
  useEffect(() => {
    setStatus(sync.getStatus());
    return sync.subscribe(setStatus);
  }, [sync]);
  return status;
}

/**
 * Runs `query` against the local store and re-runs it whenever the data it read changes. Returns undefined
 * until the first answer; while a changed query (a new search term) runs, the previous answer stays on
 * screen. Mount screens that show one record with a `key` so they never show another record's data.
 */
export function useObserved<T>(query: (store: LocalStore) => Promise<T>, deps: readonly unknown[], initial?: (store: LocalStore) => T | undefined): T | undefined {
  const store = useLocalStore();
  // `initial`: an answer read before the first render (the home lists at start-up), shown until the query answers.
  const [value, setValue] = useState<T | undefined>(() => initial?.(store));
  useEffect(() => {
    const unsubscribe = store.observe(query).subscribe(
      // A transition: React renders a screenful of rows in slices that yield to input, not in one long task.
      (next) => startTransition(() => setValue(() => next)),
      (err) => console.error('local query failed', err),
    );
    return unsubscribe;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, ...deps]);
  return value;
}
