/** Minutes without use after which a phone locks (Me → 自动锁定); kept per device. */
const KEY = 'tiaojie.lockAfterMinutes';
export const lockAfterChoices = [1, 2, 5, 10, 15] as const;
export const DEFAULT_LOCK_AFTER_MINUTES = 5;

export function readLockAfterMinutes(): number {
  const v = Number(localStorage.getItem(KEY));
  return (lockAfterChoices as readonly number[]).includes(v) ? v : DEFAULT_LOCK_AFTER_MINUTES;
}

export function writeLockAfterMinutes(minutes: number): void {
  localStorage.setItem(KEY, String(minutes));
}
