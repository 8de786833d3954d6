import { loadPolyfills } from './boot/load-polyfills.ts';
// The stylesheet stays on the entry so the build links it from index.html, not after the app chunk loads.
import './styles/app.css';
// The PIN pad's too: boot/lock-pad.js draws it before any app chunk has loaded.
import './lock/lock.css';

/** Left by boot/startup-check.js, the classic script that runs before this module (see vite.config.ts). */
interface StartupCheck {
  blocked: boolean;
  started(): void;
  fail(error: unknown): void;
}

declare global {
  interface Window {
    tiaojieStartup?: StartupCheck;
  }
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The app's largest dependencies are evaluated first, one task each (zod and the code lists; React DOM; i18next
 * with the Chinese catalogue), then the app: evaluating all of it at once was one main-thread task of ~0.5 s on
 * a cheap phone, which Lighthouse counts as blocking time. The chunks are preloaded, so this adds no fetches.
 */
async function loadApp() {
  await import('./api/session.ts');
  await nextTask();
  await import('react-dom/client');
  await nextTask();
  await import('./i18n/index.ts');
  await nextTask();
  return import('./app/start.tsx');
}

/**
 * The entry only decides whether and how to start: the startup check may have found the browser unable to keep
 * cases (its page is on screen then), and a browser at the floor gets its polyfills before any app module is
 * evaluated. The app chunk is preloaded from index.html, so importing it here costs no extra round trip.
 */
const startup = window.tiaojieStartup;
if (!startup?.blocked) {
  const polyfilled = loadPolyfills();
  const start = () =>
    loadApp().then(async ({ startApp }) => {
      await startApp();
      startup?.started();
    });
  (polyfilled ? polyfilled.then(start) : start()).catch((error: unknown) => {
    if (startup) startup.fail(error);
    else throw error;
  });
}
