/** What was typed on the pad boot/lock-pad.js drew before the app's code had loaded. */
export interface PreLockInput {
  pin: string;
  /** ✓ was pressed: the app tries the PIN at once. */
  submitted: boolean;
  /** Index of the key that had focus (keyboard users keep their place), or -1. */
  focus: number;
}

declare global {
  interface Window {
    tiaojiePreLock?: { take(): unknown };
  }
}

/**
 * Takes the typed digits over, once; the early pad stops listening. Called as the app's own pad commits, which
 * removes the early one in the same task, so no tap falls between the two.
 */
export function takePreLock(): PreLockInput | null {
  const early = window.tiaojiePreLock;
  if (!early) return null;
  delete window.tiaojiePreLock;
  const taken = early.take() as Partial<PreLockInput> | null;
  if (!taken || typeof taken.pin !== 'string' || !/^\d{0,6}$/.test(taken.pin)) return null;
  return { pin: taken.pin, submitted: taken.submitted === true && taken.pin.length >= 4, focus: typeof taken.focus === 'number' ? taken.focus : -1 };
}
