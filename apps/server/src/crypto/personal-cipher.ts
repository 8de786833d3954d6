import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How party data is encrypted at rest. AES-256-GCM by default. SM4 (国密) where Node's OpenSSL has it: this build's
 * OpenSSL 3 offers SM4 in CBC/CTR/ECB/CFB/OFB modes but not GCM, so SM4 is SM4-CBC with an HMAC-SM3 tag
 * (encrypt-then-MAC, keys for each derived from the data key).
 */
export const cipherNames = ['aes-256-gcm', 'sm4-cbc-hmac-sm3'] as const;
export type CipherName = (typeof cipherNames)[number];

/** Text a sealed value starts with: format version 1, then the cipher, the data key id and the payload. */
const PREFIX = 'e1.';

export interface DataKey {
  id: string;
  cipher: CipherName;
  key: Buffer;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** The id of the data key a sealed value names (undefined for clear text). */
export function sealedKeyId(stored: string): string | undefined {
  return isSealed(stored) ? stored.split('.', 4)[2] : undefined;
}

function sm4Keys(key: Buffer): { enc: Buffer; mac: Buffer } {
  return { enc: createHash('sm3').update(key).update('enc').digest().subarray(0, 16), mac: createHash('sm3').update(key).update('mac').digest() };
}

/**
 * Fresh random bytes for IVs, taken from a pool refilled 4 KiB at a time: one call into the CSPRNG per seal cost more
 * than the seal's AES on the push path (every pushed case seals its party data). Bytes are never handed out twice.
 */
const ivPool = { bytes: Buffer.alloc(0), at: 0 };
function freshIv(length: number): Buffer {
  if (ivPool.at + length > ivPool.bytes.length) {
    ivPool.bytes = randomBytes(4096);
    ivPool.at = 0;
  }
  // (a copy: the payload outlives the pool's next refill)
  const iv = Buffer.from(ivPool.bytes.subarray(ivPool.at, ivPool.at + length));
  ivPool.at += length;
  return iv;
}

/**
 * The sealed text's prefix and the additional data bound into the tag, per data key: built once rather than for
 * every seal (each pushed case seals its party data). Checked against the key's id and cipher, so a key object
 * changed in place never seals under a stale prefix.
 */
const sealHeaders = new WeakMap<DataKey, { id: string; cipher: CipherName; prefix: string; aad: Buffer }>();
function sealHeaderOf(dk: DataKey): { prefix: string; aad: Buffer } {
  let header = sealHeaders.get(dk);
  if (!header || header.id !== dk.id || header.cipher !== dk.cipher) {
    const prefix = `${PREFIX}${dk.cipher}.${dk.id}`;
    header = { id: dk.id, cipher: dk.cipher, prefix: `${prefix}.`, aad: Buffer.from(prefix) };
    sealHeaders.set(dk, header);
  }
  return header;
}

/** Encrypts `plain` under `dk`; the data key's id is bound into the tag so a value cannot be moved under another key. */
export function seal(plain: string, dk: DataKey): string {
  const { prefix, aad } = sealHeaderOf(dk);
  let payload: Buffer;
  if (dk.cipher === 'aes-256-gcm') {
    const iv = freshIv(12);
    const c = createCipheriv('aes-256-gcm', dk.key, iv);
    c.setAAD(aad);
    const ct = c.update(plain, 'utf8');
    // (GCM's final() adds no bytes: it completes the tag)
    const rest = c.final();
    payload = Buffer.concat(rest.length === 0 ? [iv, c.getAuthTag(), ct] : [iv, c.getAuthTag(), ct, rest]);
  } else {
    const { enc, mac } = sm4Keys(dk.key);
    const iv = freshIv(16);
    const c = createCipheriv('sm4-cbc', enc, iv);
    const ct = Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]);
    payload = Buffer.concat([createHmac('sm3', mac).update(aad).update(ct).digest(), ct]);
  }
  return prefix + payload.toString('base64');
}

/** Decrypts a sealed value; a tampered value or a wrong key throws. */
export function open(stored: string, keyOf: (id: string) => DataKey | undefined): string {
  const [, cipher, id, body] = stored.split('.', 4) as [string, string, string, string];
  const dk = keyOf(id);
  if (!dk) throw new Error(`party data is encrypted under data key ${id}, which this server does not hold`);
  if (dk.cipher !== cipher) throw new Error(`data key ${id} is for ${dk.cipher}, not ${cipher}`);
  const aad = Buffer.from(`${PREFIX}${dk.cipher}.${dk.id}`);
  const payload = Buffer.from(body, 'base64');
  if (dk.cipher === 'aes-256-gcm') {
    const d = createDecipheriv('aes-256-gcm', dk.key, payload.subarray(0, 12));
    d.setAAD(aad);
    d.setAuthTag(payload.subarray(12, 28));
    return Buffer.concat([d.update(payload.subarray(28)), d.final()]).toString('utf8');
  }
  const { enc, mac } = sm4Keys(dk.key);
  const tag = payload.subarray(0, 32);
  const ct = payload.subarray(32);
  const want = createHmac('sm3', mac).update(aad).update(ct).digest();
  if (!timingSafeEqual(tag, want)) throw new Error(`party data under data key ${id} fails its integrity check`);
  const d = createDecipheriv('sm4-cbc', enc, ct.subarray(0, 16));
  return Buffer.concat([d.update(ct.subarray(16)), d.final()]).toString('utf8');
}

/** Data keys are wrapped (AES-256-GCM) under the master key; the id is bound in, so a wrapped key cannot be swapped. */
export function wrapKey(key: Buffer, id: string, master: Buffer): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master, iv);
  c.setAAD(Buffer.from(`dk.${id}`));
  const ct = Buffer.concat([c.update(key), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64');
}

export function unwrapKey(wrapped: string, id: string, master: Buffer): Buffer {
  const b = Buffer.from(wrapped, 'base64');
  const d = createDecipheriv('aes-256-gcm', master, b.subarray(0, 12));
  d.setAAD(Buffer.from(`dk.${id}`));
  d.setAuthTag(b.subarray(12, 28));
  try {
    return Buffer.concat([d.update(b.subarray(28)), d.final()]);
  } catch {
    throw new Error(`data key ${id} cannot be unwrapped with this master key: the key file or MASTER_KEY is not the one the data was written with`);
  }
}

/** A short public name of a master key, stored beside what it wrapped so a wrong key is named as such. */
export function masterKeyId(master: Buffer): string {
  return createHash('sha256').update('tiaojie-master-key-id').update(master).digest('hex').slice(0, 16);
}
