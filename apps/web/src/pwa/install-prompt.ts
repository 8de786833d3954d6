import { useSyncExternalStore } from 'react';

/**
 * Chromium's "add to home screen" offer (`beforeinstallprompt`) fires once, soon after the page loads: kept here
 * from the moment this module loads (the shell imports it) until the user takes it up.
 */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let deferred: InstallPromptEvent | null = null;
let installed = false;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

if (typeof window !== 'undefined') {
  window.addEventListener('beforeinstallprompt', (e) => {
    // Keep the browser's own mini-infobar away; the app offers it where the user looks for it.
    e.preventDefault();
    deferred = e as InstallPromptEvent;
    notify();
  });
  window.addEventListener('appinstalled', () => {
    installed = true;
    deferred = null;
    notify();
  });
}

export type InstallState = 'installed' | 'prompt' | 'manual';

function currentState(): InstallState {
  const standalone = typeof window !== 'undefined' && (window.matchMedia?.('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true);
  if (installed || standalone) return 'installed';
  return deferred ? 'prompt' : 'manual';
}

export function useInstallState(): InstallState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    currentState,
    () => 'manual',
  );
}

/** Shows the browser's install dialog; true when the user accepted. */
export async function promptInstall(): Promise<boolean> {
  const event = deferred;
  if (!event) return false;
  deferred = null;
  await event.prompt();
  const choice = await event.userChoice;
  if (choice.outcome === 'accepted') installed = true;
  notify();
  return choice.outcome === 'accepted';
}

/** Where there is no install prompt: which instructions fit this browser. */
export type ManualInstall = 'wechat' | 'ios' | 'other';

export function manualInstallKind(userAgent: string): ManualInstall {
  // WeChat's and QQ's built-in browsers cannot install a web app: open the page in the system browser first.
  if (/MicroMessenger|QQ\//i.test(userAgent)) return 'wechat';
  if (/iPhone|iPad|iPod/i.test(userAgent)) return 'ios';
  return 'other';
}
