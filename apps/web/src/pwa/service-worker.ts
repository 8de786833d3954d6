import type { Workbox } from 'workbox-window';

/**
 * Registers the generated service worker with workbox-window. A new version waits (skipWaiting is off)
 * until the user accepts the update and the update gate allows a reload.
 */
type Listener = (waiting: boolean) => void;
let workbox: Workbox | null = null;
let updateWaiting = false;
const listeners = new Set<Listener>();

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  // workbox-window is fetched here, after the first screen (start.tsx calls this when idle), not in the start bundle.
  void import('workbox-window').then(({ Workbox }) => register(new Workbox('/sw.js', { scope: '/' })));
}

function register(registered: Workbox): void {
  workbox = registered;
  workbox.addEventListener('waiting', () => {
    updateWaiting = true;
    for (const l of listeners) l(true);
  });
  void workbox.register();
  // Look for a new version now and then while the app stays open for days.
  setInterval(() => void workbox?.update(), 60 * 60 * 1000);
}

export function isUpdateWaiting(): boolean {
  return updateWaiting;
}

export function subscribeUpdate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Activates the waiting worker and reloads once it controls the page. Call only after the update gate passed. */
export function applyUpdate(): void {
  if (!workbox) return;
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}
