import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { usePathname } from '../app/router.ts';

/** One short message at a time, announced politely to screen readers ("已保存"). */
let current: { id: number; text: string } | null = null;
const listeners = new Set<() => void>();
let seq = 0;

export function showToast(text: string): void {
  current = { id: ++seq, text };
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function Toaster() {
  const toast = useSyncExternalStore(subscribe, () => current, () => null);
  const [hidden, setHidden] = useState<number | null>(null);
  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(() => setHidden(toast.id), 3500);
    return () => clearTimeout(timer);
  }, [toast]);
  // A toast belongs to the screen that saved: leaving it takes the toast along (it covered the case file's buttons).
  const pathname = usePathname();
  const shownOn = useRef(pathname);
  useEffect(() => {
    if (toast) shownOn.current = pathname;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new toast records where it was shown
  }, [toast]);
  useEffect(() => {
    if (toast && pathname !== shownOn.current) setHidden(toast.id);
  }, [pathname, toast]);
  const visible = toast && hidden !== toast.id;
  return (
    <div aria-live="polite" role="status">
      {visible ? <div className="toast">{toast.text}</div> : null}
    </div>
  );
}
