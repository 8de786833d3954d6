/**
 * This device's recovery key from the last password sign-in: kept in memory only (never in localStorage, where a
 * thief holding the phone could read it) until the PIN is set; a reload before that asks for a new sign-in.
 * Its own module so the PIN screen (on the start path) reads it without loading the sign-in code.
 */
let recoveryKey: string | null = null;

export function keepRecoveryKey(key: string | null): void {
  recoveryKey = key;
}

export function signInRecoveryKey(): string | null {
  return recoveryKey;
}

export function forgetRecoveryKey(): void {
  recoveryKey = null;
}
