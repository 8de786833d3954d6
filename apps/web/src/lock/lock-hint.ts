import type { LockStatus } from '../storage/index.ts';

/**
 * Tells boot/lock-pad.js, which runs before the app's code, that this user's phone opens on its PIN pad, so it
 * can draw the pad at once. Only whether a PIN is set, never anything of the PIN or the data. A wrong mark does
 * no harm: the app draws what its store says and drops digits typed on a pad it does not show.
 */
const KEY = 'tiaojie.pinLocked';

export function rememberLockStatus(userId: string, status: LockStatus, storage: Storage = localStorage): void {
  try {
    if (status === 'locked' || status === 'open') storage.setItem(KEY, userId);
    else storage.removeItem(KEY);
  } catch {
    // Blocked storage: the pad waits for the app, as before.
  }
}

/** A wiped phone (revoked device) keeps no mark: its next start has no PIN to ask for. */
export function forgetLockStatus(storage: Storage = localStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // Nothing stored then.
  }
}
