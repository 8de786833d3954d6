import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { readSession } from '../api/session.ts';
import { isFirstDownload } from '../cases/first-download.ts';
import { primeHomeLists } from '../cases/home-lists.ts';
import { hasUnsavedInput } from '../pwa/dirty-forms.ts';
import { registerServiceWorker } from '../pwa/service-worker.ts';
import { startI18n } from '../i18n/index.ts';
import { App } from './app.tsx';
import { ErrorBoundary } from './error-boundary.tsx';
import { prepareLock } from '../lock/lock-gate.tsx';
import { preloadHomeScreen } from './home-route.tsx';
import { parseRoute, setLeaveGuard } from './router.ts';
import { preopenStore } from './store-context.tsx';
import { whenIdle } from './when-idle.ts';

const SERVICE_WORKER_DELAY_MS = 1500;

/** The app itself; main.tsx imports it once the browser is known to be able to run it. */
export async function startApp(): Promise<void> {
  const i18n = await startI18n();
  setLeaveGuard(() => !hasUnsavedInput() || window.confirm(i18n.t('common.discardConfirm')));
  await openHomeData();

  const root = createRoot(document.getElementById('root')!);
  // A transition: React draws the first screen (home: a few dozen case rows) in slices that yield to the
  // browser, not in one long task; the snapshot or skeleton stays on screen until it is done.
  startTransition(() =>
    root.render(
      <StrictMode>
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
      </StrictMode>,
    ),
  );
  // The service worker already serves this start; registering it (and fetching workbox-window) waits until the
  // first screen is drawn and start-up has settled.
  setTimeout(() => whenIdle(registerServiceWorker), SERVICE_WORKER_DELAY_MS);
}

/**
 * A signed-in user reopening the app: open the local store before React's first render. Anything failing here
 * is left to the StoreProvider to redo and report.
 *
 * - Staff on home (no PIN lock): also read home's lists and load its chunk, so that render is home with its
 *   case list (the snapshot or skeleton stays on screen until then), not a skeleton, a shell and the lists in
 *   three steps.
 * - Grid workers: their store opens locked, so nothing is read before the PIN; the PIN screen's chunk and the
 *   lock's status are ready before the first render, so it draws the pad at once, over the early one that
 *   boot/lock-pad.js drew (taking over what was typed there).
 */
async function openHomeData(): Promise<void> {
  const session = readSession();
  if (!session) return;
  const locked = session.user.role === 'grid_worker';
  if (!locked && parseRoute(window.location.pathname).name !== 'home') return;
  try {
    if (locked) {
      const { lock } = await preopenStore(session.user);
      if (lock) await prepareLock(lock);
      return;
    }
    const home = preloadHomeScreen();
    const { store, sync } = await preopenStore(session.user);
    await Promise.all([primeHomeLists(store, isFirstDownload(sync.getStatus(), navigator.onLine)), home]);
  } catch (error) {
    console.warn('store not opened before the first render', error);
  }
}
