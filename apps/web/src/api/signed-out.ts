import { forgetProvisionalFiles } from '../casefile/provisional-file.ts';
import { forgetLockStatus } from '../lock/lock-hint.ts';
import { readSession, writeSession } from './session.ts';

/**
 * Why the last session ended, when the server ended it (shown once on the sign-in screen): the device was revoked
 * or its account disabled (its local data is then erased), or a staff session idled out.
 */
export type SignedOutReason = 'DEVICE_REVOKED' | 'SESSION_IDLE' | 'PIN_DISCARDED';
const REASON_KEY = 'tiaojie.signedOutReason';

export function readSignedOutReason(): SignedOutReason | null {
  const v = localStorage.getItem(REASON_KEY);
  return v === 'DEVICE_REVOKED' || v === 'SESSION_IDLE' || v === 'PIN_DISCARDED' ? v : null;
}

export function clearSignedOutReason(): void {
  localStorage.removeItem(REASON_KEY);
}

export function endSessionBecause(reason: 'SESSION_IDLE' | 'PIN_DISCARDED'): void {
  localStorage.setItem(REASON_KEY, reason);
  writeSession(null);
}

let wiping: Promise<void> | null = null;

/**
 * The server refused this device (DEVICE_REVOKED): end the session, then erase every local database (cases,
 * outbox, photos, drafts) and cached org tree. Ending the session first unmounts the store, whose connection must
 * close before its database can be deleted.
 */
export function handleDeviceRevoked(): Promise<void> {
  wiping ??= (async () => {
    const userId = readSession()?.user.id;
    localStorage.setItem(REASON_KEY, 'DEVICE_REVOKED');
    writeSession(null);
    for (const key of Object.keys(localStorage)) if (key.startsWith('tiaojie.orgNodes.')) localStorage.removeItem(key);
    forgetProvisionalFiles();
    forgetLockStatus();
    const { wipeLocalData } = await import('../storage/index.ts');
    await wipeLocalData({ userIds: userId ? [userId] : [] });
  })().finally(() => {
    wiping = null;
  });
  return wiping;
}
