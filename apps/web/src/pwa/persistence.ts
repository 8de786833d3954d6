import { useEffect, useState } from 'react';

/**
 * Without persistent storage a browser may evict IndexedDB under pressure — on a phone that may hold days of
 * unsynced cases. We ask once per start; the answer is shown, because a "no" is something the worker can fix
 * (install the app, or allow it in the browser's site settings).
 */
export type PersistenceState = 'unsupported' | 'persisted' | 'denied' | 'unknown';

export interface StorageFacts {
  persistence: PersistenceState;
  usage: number | null;
  quota: number | null;
}

// eslint-disable-next-line compat/compat -- Safari < 15.2 has no navigator.storage: undefined is answered 'unsupported'.
export async function requestPersistence(storage: StorageManager | undefined = navigator.storage): Promise<PersistenceState> {
  if (!storage?.persist || !storage.persisted) return 'unsupported';
  try {
    if (await storage.persisted()) return 'persisted';
    return (await storage.persist()) ? 'persisted' : 'denied';
  } catch {
    return 'unknown';
  }
}

// eslint-disable-next-line compat/compat -- as above: every use below is optional.
export async function readStorageFacts(storage: StorageManager | undefined = navigator.storage): Promise<StorageFacts> {
  const persistence = await requestPersistence(storage);
  let usage: number | null = null;
  let quota: number | null = null;
  try {
    const estimate = await storage?.estimate?.();
    usage = estimate?.usage ?? null;
    quota = estimate?.quota ?? null;
  } catch {
    // Some browsers refuse estimate() in private mode; the persistence answer is still worth showing.
  }
  return { persistence, usage, quota };
}

/** Nearly full: less than 5% or 20 MB left, whichever is smaller — a few photos' worth. */
export function isNearlyFull(f: Pick<StorageFacts, 'usage' | 'quota'>): boolean {
  if (f.usage === null || f.quota === null || f.quota === 0) return false;
  const left = f.quota - f.usage;
  return left < Math.min(f.quota * 0.05, 20 * 1024 * 1024);
}

let cachedFacts: Promise<StorageFacts> | null = null;

export function useStorageFacts(): StorageFacts | null {
  const [facts, setFacts] = useState<StorageFacts | null>(null);
  useEffect(() => {
    let alive = true;
    cachedFacts ??= readStorageFacts();
    void cachedFacts.then((f) => alive && setFacts(f));
    return () => {
      alive = false;
    };
  }, []);
  return facts;
}

export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
