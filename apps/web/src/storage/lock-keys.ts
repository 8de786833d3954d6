import { pinProblem } from './pin-rules.ts';

export { pinProblem };
import { StorageError } from './storage-error.ts';

/** PIN derivation and key wrapping with WebCrypto (non-extractable keys); loaded with the first PIN typed. */
const subtle = () => globalThis.crypto.subtle;

export async function pinKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export function recoveryKeyOf(encoded: string): Promise<CryptoKey> {
  const raw = Uint8Array.from(atob(encoded.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  if (raw.length !== 32) throw new StorageError('RECOVERY_KEY_MISSING', 'the recovery key has 32 bytes');
  return subtle().importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function wrap(key: CryptoKey, dataKey: Uint8Array): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv }, key, dataKey as BufferSource));
  const out = new Uint8Array(12 + ct.length);
  out.set(iv);
  out.set(ct, 12);
  return out;
}

/** The data key, or null when `key` is not the one that wrapped it (the GCM tag does not match). */
export async function unwrap(key: CryptoKey, wrapped: Uint8Array): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: wrapped.subarray(0, 12) as BufferSource }, key, wrapped.subarray(12) as BufferSource));
  } catch {
    return null;
  }
}

export function checkPin(pin: string): void {
  const problem = pinProblem(pin);
  if (problem) throw new StorageError('PIN_TOO_SIMPLE', problem === 'FORMAT' ? 'a PIN has 6 digits' : 'the PIN is too easy to guess');
}

