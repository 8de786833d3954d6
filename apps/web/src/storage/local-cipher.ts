import { gcm } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * AES-256-GCM and HMAC-SHA256 computed synchronously in JavaScript. IndexedDB commits a transaction as soon as it is
 * left idle, so a record cannot wait for WebCrypto (whose every call is asynchronous) between being read and written
 * back inside one transaction; the layer that encrypts every record (encryption-layer.ts) therefore needs a cipher
 * it can call in place. WebCrypto still does everything that may be slow or must keep a key out of reach: the PIN's
 * key derivation and the wrapping of this key (local-lock.ts). Loaded only when a PIN is set or entered.
 */
export interface LocalCipher {
  /** Encrypts a JSON-shaped value. */
  seal(value: unknown): Uint8Array;
  open(sealed: Uint8Array): unknown;
  sealBytes(bytes: ArrayBuffer): ArrayBuffer;
  openBytes(sealed: ArrayBuffer): ArrayBuffer;
  /** A keyed hash of an index entry (a party name, a phone), so the duplicate check works without the clear value. */
  indexKey(value: string): string;
}

const FORMAT = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function createLocalCipher(dataKey: Uint8Array): LocalCipher {
  if (dataKey.length !== 32) throw new Error('the data key has 32 bytes');
  const key = dataKey.slice();
  // The index key is derived, never the data key itself: an index entry reveals nothing about the ciphertexts.
  const indexHmac = hmac.create(sha256, hmac(sha256, key, encoder.encode('tiaojie index key v1')));

  function encrypt(plain: Uint8Array): Uint8Array {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = gcm(key, iv).encrypt(plain);
    const out = new Uint8Array(1 + 12 + ct.length);
    out[0] = FORMAT;
    out.set(iv, 1);
    out.set(ct, 13);
    return out;
  }

  function decrypt(sealed: Uint8Array): Uint8Array {
    if (sealed[0] !== FORMAT) throw new Error(`unknown local cipher format ${sealed[0]}`);
    return gcm(key, sealed.subarray(1, 13)).decrypt(sealed.subarray(13));
  }

  return {
    seal: (value) => encrypt(encoder.encode(JSON.stringify(value))),
    open: (sealed) => JSON.parse(decoder.decode(decrypt(sealed))) as unknown,
    sealBytes: (bytes) => encrypt(new Uint8Array(bytes)).buffer as ArrayBuffer,
    openBytes: (sealed) => {
      const plain = decrypt(new Uint8Array(sealed));
      return plain.buffer.slice(plain.byteOffset, plain.byteOffset + plain.byteLength) as ArrayBuffer;
    },
    indexKey(value) {
      const mac = indexHmac.clone().update(encoder.encode(value)).digest();
      // 16 bytes: collisions among a phone's few thousand names are out of reach, and the index stays small.
      let hex = 'k:';
      for (let i = 0; i < 16; i++) hex += mac[i]!.toString(16).padStart(2, '0');
      return hex;
    },
  };
}
