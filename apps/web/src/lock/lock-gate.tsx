import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useStoreContext } from '../app/store-context.tsx';
import { StartupSkeleton } from '../app/startup-skeleton.tsx';
import type { LocalLock, LockStatus } from '../storage/index.ts';
import { readLockAfterMinutes } from './idle-setting.ts';

const LockScreens = lazy(() => import('./lock-screens.tsx'));

/**
 * A grid worker's phone shows nothing of its data until the PIN is entered: on every cold start (the store opens
 * locked) and after the idle time set in Me. Staff desktops have no PIN: their sessions end after idle time on the
 * server (SESSION_IDLE), and they keep no party data offline to speak of.
 */
export function LockGate({ children }: { children: ReactNode }) {
  const { lock } = useStoreContext();
  if (!lock) return <>{children}</>;
  return <PhoneLock lock={lock}>{children}</PhoneLock>;
}

function PhoneLock({ lock, children }: { lock: LocalLock; children: ReactNode }) {
  const [status, setStatus] = useState<LockStatus | null>(null);
  useEffect(() => {
    let alive = true;
    void lock.status().then((s) => alive && setStatus(s));
    const unsubscribe = lock.subscribe((s) => alive && setStatus(s));
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [lock]);
  useIdleLock(lock, status === 'open');
  if (status === null) return <StartupSkeleton />;
  // The screens unmount while locked: nothing decrypted stays in the page.
  if (status === 'open') return <>{children}</>;
  return (
    <Suspense fallback={<StartupSkeleton />}>
      <LockScreens lock={lock} status={status} />
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
