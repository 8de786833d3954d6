import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { parseRoute } from '../app/router.ts';
import { useStoreContext } from '../app/store-context.tsx';
import { isFirstDownload } from '../cases/first-download.ts';
import { primeHomeLists } from '../cases/home-lists.ts';
import { StartupSkeleton } from '../app/startup-skeleton.tsx';
import type { LocalLock, LockStatus } from '../storage/index.ts';
import { readLockAfterMinutes } from './idle-setting.ts';
import { rememberLockStatus } from './lock-hint.ts';

const loadLockScreens = () => import('./lock-screens.tsx');
const LazyLockScreens = lazy(loadLockScreens);

let prepared: { lock: LocalLock; status: LockStatus; screens: Awaited<ReturnType<typeof loadLockScreens>> } | null = null;

/**
 * start.tsx, for a grid worker reopening the app: the lock screens' chunk and the lock's status are ready before
 * React's first render, so that render is the PIN pad itself — it replaces the early pad (boot/lock-pad.js) in one
 * commit, with no skeleton or Suspense fallback in between.
 */
export async function prepareLock(lock: LocalLock): Promise<void> {
  const [status, screens] = await Promise.all([lock.status(), loadLockScreens()]);
  prepared = { lock, status, screens };
}

/**
 * A grid worker's phone shows nothing of its data until the PIN is entered: on every cold start (the store opens
 * locked) and after the idle time set in Me. Staff desktops have no PIN: their sessions end after idle time on the
 * server (SESSION_IDLE), and they keep no party data offline to speak of.
 */
export function LockGate({ children }: { children: ReactNode }) {
  const { lock, user, store, sync } = useStoreContext();
  if (!lock) return <>{children}</>;
  // Unlocked on home: its lists are read before the gate opens, so home's first render shows them (as start.tsx
  // does for staff) rather than a shell, then the lists.
  const beforeOpen = () =>
    parseRoute(window.location.pathname).name === 'home' ? primeHomeLists(store, isFirstDownload(sync.getStatus(), navigator.onLine)) : Promise.resolve();
  return (
    <PhoneLock lock={lock} userId={user.id} beforeOpen={beforeOpen}>
      {children}
    </PhoneLock>
  );
}

function PhoneLock({ lock, userId, beforeOpen, children }: { lock: LocalLock; userId: string; beforeOpen: () => Promise<void>; children: ReactNode }) {
  const [early] = useState(() => (prepared?.lock === lock ? prepared : null));
  const [status, setStatus] = useState<LockStatus | null>(early?.status ?? null);
  const prime = useRef(beforeOpen);
  prime.current = beforeOpen;
  useEffect(() => {
    let alive = true;
    let latest = 0;
    const seen = (s: LockStatus) => {
      if (!alive) return;
      rememberLockStatus(userId, s);
      const n = ++latest;
      if (s !== 'open') return setStatus(s);
      void prime
        .current()
        .catch(() => undefined)
        .then(() => alive && n === latest && setStatus(s));
    };
    void lock.status().then(seen);
    const unsubscribe = lock.subscribe(seen);
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [lock, userId]);
  useIdleLock(lock, status === 'open');
  if (status === null) return <StartupSkeleton />;
  // The screens unmount while locked: nothing decrypted stays in the page.
  if (status === 'open') return <>{children}</>;
  const Screens = early?.screens.default;
  if (Screens) return <Screens lock={lock} status={status} />;
  return (
    <Suspense fallback={<StartupSkeleton />}>
      <LazyLockScreens lock={lock} status={status} />
    </Suspense>
  );
}

/** Locks after the set minutes without a touch or key, also when the phone comes back after sleeping that long. */
function useIdleLock(lock: LocalLock, open: boolean): void {
  useEffect(() => {
    if (!open) return;
    const limitMs = readLockAfterMinutes() * 60_000;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    const check = () => {
      if (Date.now() - last >= limitMs) lock.lock();
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? check() : undefined);
    const events = ['pointerdown', 'keydown', 'scroll', 'input'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true, capture: true });
    document.addEventListener('visibilitychange', onVisibility);
    const timer = setInterval(check, 10_000);
    return () => {
      for (const e of events) window.removeEventListener(e, touch, { capture: true });
      document.removeEventListener('visibilitychange', onVisibility);
      clearInterval(timer);
    };
  }, [lock, open]);
}
