import type { LocalDb } from './local-db.ts';
import type { EncryptionLayer } from './encryption-layer.ts';
import { sealedTables } from './encryption-layer.ts';
import { StorageError } from './storage-error.ts';
import { PIN_MIN_LENGTH } from './pin-length.ts';

/** The key work (PBKDF2, wrapping) loads with the first PIN typed, not with the store. */
const keys = () => import('./lock-keys.ts');

/**
 * The PIN lock of a phone's local data (issue 14 §9). A random 256-bit data key encrypts the party data
 * (encryption-layer.ts). It is stored only wrapped (AES-GCM, WebCrypto, non-extractable wrapping keys):
 *  - by a key derived from the PIN (PBKDF2-SHA256, `iterations`, random salt);
 *  - by this device's recovery key, which the server gives only to a password sign-in on this device and which the
 *    phone never stores.
 * Five wrong PINs in a row (counted before each try, so reloading does not reset the count) discard the PIN-wrapped
 * copy: the data stays encrypted, and only a new password sign-in on the same device (the server hands the recovery
 * key back) followed by a new PIN opens it again.
 */
export type LockStatus = 'none' | 'locked' | 'open' | 'discarded';

export type UnlockResult = { ok: true } | { ok: false; code: 'WRONG_PIN'; attemptsLeft: number } | { ok: false; code: 'PIN_DISCARDED' };

export interface LocalLock {
  status(): Promise<LockStatus>;
  /** First PIN (encrypts what the phone already holds), or a new PIN while open. Needs the sign-in's recovery key. */
  setPin(pin: string, recoveryKey: string): Promise<void>;
  unlock(pin: string): Promise<UnlockResult>;
  /**
   * Me → 修改PIN, while open: the old PIN must open the stored wrapping (the key in memory is not proof: the phone
   * may have been left open), then the data key is wrapped under the new PIN with a new salt. The data itself is not
   * re-encrypted, and the recovery-key copy is kept. A wrong old PIN counts towards the five like a wrong unlock;
   * the fifth discards the PIN copy and locks. A new PIN that breaks the rules throws PIN_TOO_SIMPLE and counts nothing.
   */
  changePin(oldPin: string, newPin: string): Promise<UnlockResult>;
  /** Forgets the key in memory (idle time, app sent to the background). */
  lock(): void;
  /** After five wrong PINs and a new password sign-in: the recovery key opens the data, and a new PIN wraps it. */
  recover(recoveryKey: string, newPin: string): Promise<void>;
  subscribe(listener: (status: LockStatus) => void): () => void;
  /**
   * Loads the key work and the cipher while the PIN pad waits for the worker, so confirming the PIN starts the
   * key derivation at once rather than after two chunks load.
   */
  prepare(): Promise<void>;
  /**
   * Digits of the PIN that last opened the phone, when fewer than a new PIN must have (an old 4-digit PIN still
   * unlocks): home then asks for a change. Known only in memory, from this unlock on; nothing of the PIN is stored.
   */
  shortPinLength(): number | null;
  /** What is wrong with a PIN about to be set: FORMAT (not 6 digits), TOO_SIMPLE, or null. */
  pinProblem(pin: string): Promise<'FORMAT' | 'TOO_SIMPLE' | null>;
}

export const MAX_PIN_FAILURES = 5;
/**
 * PBKDF2-SHA256 iterations: unlocking takes ~0.2 s on a desktop Chromium and stays under 1 s at 4x CPU slowdown
 * (measured by `pnpm bench web-save-case`); every guess of a stolen copy costs the same.
 */
export const PIN_ITERATIONS = 310_000;

export interface LockRecord {
  v: 1;
  salt: Uint8Array;
  iterations: number;
  /** iv (12 bytes) + AES-GCM of the data key; null after five wrong PINs. */
  pinWrapped: Uint8Array | null;
  recoveryWrapped: Uint8Array;
  failures: number;
  /** Records stored in clear before the PIN existed have all been sealed. */
  sealedAll: boolean;
}

const META_KEY = 'lock';
export async function readLockRecord(db: LocalDb): Promise<LockRecord | null> {
  const row = await db.meta.get(META_KEY);
  return (row?.value as LockRecord | undefined) ?? null;
}

export function createLocalLock(db: LocalDb, layer: EncryptionLayer, onOpen: () => void): LocalLock {
  /** The data key while open: the synchronous cipher needs its bytes (see local-cipher.ts). Dropped on lock. */
  let dataKey: Uint8Array | null = null;
  let shortPin: number | null = null;
  const listeners = new Set<(s: LockStatus) => void>();

  async function status(): Promise<LockStatus> {
    const rec = await readLockRecord(db);
    if (!rec) return 'none';
    if (dataKey) return 'open';
    return rec.pinWrapped ? 'locked' : 'discarded';
  }

  async function emit(): Promise<void> {
    const s = await status();
    for (const l of listeners) l(s);
  }

  async function open(key: Uint8Array, rec: LockRecord): Promise<void> {
    const { createLocalCipher } = await import('./local-cipher.ts');
    dataKey = key;
    layer.set('open', createLocalCipher(key));
    if (!rec.sealedAll) {
      await sealEverything();
      await db.meta.put({ key: META_KEY, value: { ...rec, sealedAll: true } });
    }
    onOpen();
    await emit();
  }

  /** Rewrites every record of the sealed tables: clear ones (stored before the PIN) come back sealed. */
  async function sealEverything(): Promise<void> {
    for (const name of Object.keys(sealedTables)) {
      const table = db.table(name);
      await db.transaction('rw', table, async () => {
        await table.bulkPut(await table.toArray());
      });
    }
  }

  /** Drops the data key from memory; the layer refuses reads and writes until the next unlock. */
  function forget(): void {
    if (layer.mode === 'off') return;
    dataKey?.fill(0);
    dataKey = null;
    layer.set('locked');
    void emit();
  }

  /**
   * One try of a PIN against the five (unlocking, or the current PIN of a change): the data key it unwraps, or why
   * not. The fifth wrong one discards the PIN copy and locks.
   */
  async function tryPin(rec: LockRecord, pin: string): Promise<Uint8Array | Exclude<UnlockResult, { ok: true }>> {
    if (!rec.pinWrapped) return { ok: false, code: 'PIN_DISCARDED' };
    const { pinKey, unwrap } = await keys();
    // Counted before the try: a reload in the middle of it still counts.
    const failures = rec.failures + 1;
    await db.meta.put({ key: META_KEY, value: { ...rec, failures } });
    const key = await unwrap(await pinKey(pin, rec.salt, rec.iterations), rec.pinWrapped);
    if (key) return key;
    if (failures < MAX_PIN_FAILURES) return { ok: false, code: 'WRONG_PIN', attemptsLeft: MAX_PIN_FAILURES - failures };
    await db.meta.put({ key: META_KEY, value: { ...rec, failures, pinWrapped: null } });
    // (open, during a change: the key in memory goes too, and forget tells the listeners)
    if (dataKey) forget();
    else await emit();
    return { ok: false, code: 'PIN_DISCARDED' };
  }

  async function newRecord(pin: string, key: Uint8Array, recoveryKey: string, sealedAll: boolean): Promise<LockRecord> {
    const { pinKey, recoveryKeyOf, wrap } = await keys();
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const [pinWrapped, recoveryWrapped] = await Promise.all([wrap(await pinKey(pin, salt, PIN_ITERATIONS), key), wrap(await recoveryKeyOf(recoveryKey), key)]);
    return { v: 1, salt, iterations: PIN_ITERATIONS, pinWrapped, recoveryWrapped, failures: 0, sealedAll };
  }

  return {
    status,

    async setPin(pin, recoveryKey) {
      (await keys()).checkPin(pin);
      const current = await readLockRecord(db);
      if (current && !dataKey) throw new StorageError('LOCAL_LOCKED', 'unlock (or recover) before changing the PIN');
      const key = dataKey ?? crypto.getRandomValues(new Uint8Array(32));
      const rec = await newRecord(pin, key, recoveryKey, current?.sealedAll ?? false);
      shortPin = null;
      await db.meta.put({ key: META_KEY, value: rec });
      await open(key, rec);
    },

    async unlock(pin) {
      const rec = await readLockRecord(db);
      if (!rec) return { ok: true };
      const key = await tryPin(rec, pin);
      if (!(key instanceof Uint8Array)) return key;
      shortPin = pin.length < PIN_MIN_LENGTH ? pin.length : null;
      const opened = { ...rec, failures: 0 };
      await db.meta.put({ key: META_KEY, value: opened });
      await open(key, opened);
      return { ok: true };
    },

    async changePin(oldPin, newPin) {
      const { checkPin, pinKey, wrap } = await keys();
      checkPin(newPin);
      const rec = await readLockRecord(db);
      if (!rec || !dataKey) throw new StorageError('LOCAL_LOCKED', 'unlock before changing the PIN');
      const key = await tryPin(rec, oldPin);
      if (!(key instanceof Uint8Array)) return key;
      try {
        const salt = crypto.getRandomValues(new Uint8Array(16));
        const pinWrapped = await wrap(await pinKey(newPin, salt, PIN_ITERATIONS), key);
        await db.meta.put({ key: META_KEY, value: { ...rec, salt, iterations: PIN_ITERATIONS, pinWrapped, failures: 0 } });
        shortPin = null;
      } finally {
        key.fill(0);
      }
      return { ok: true };
    },

    lock: forget,

    async recover(recoveryKey, newPin) {
      const { checkPin, recoveryKeyOf, unwrap } = await keys();
      checkPin(newPin);
      const rec = await readLockRecord(db);
      if (!rec) throw new StorageError('NOT_FOUND', 'no PIN was set on this phone');
      const key = await unwrap(await recoveryKeyOf(recoveryKey), rec.recoveryWrapped);
      if (!key) throw new StorageError('RECOVERY_KEY_MISSING', 'this recovery key does not open this phone’s data');
      const next = await newRecord(newPin, key, recoveryKey, rec.sealedAll);
      shortPin = null;
      await db.meta.put({ key: META_KEY, value: next });
      await open(key, next);
    },

    shortPinLength: () => shortPin,

    pinProblem: async (pin) => (await keys()).pinProblem(pin),

    async prepare() {
      await Promise.all([keys(), import('./local-cipher.ts')]);
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
