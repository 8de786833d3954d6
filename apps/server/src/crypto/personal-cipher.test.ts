import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal, type DataKey } from './personal-cipher.js';

describe('seal', () => {
  it.each(['aes-256-gcm', 'sm4-cbc-hmac-sm3'] as const)('%s: never repeats an IV, across refills of its random pool, and opens back', (cipher) => {
    const dk: DataKey = { id: 'k1', cipher, key: randomBytes(32) };
    const ivLength = cipher === 'aes-256-gcm' ? 12 : 16;
    const ivAt = cipher === 'aes-256-gcm' ? 0 : 32; // (SM4: behind the 32-byte tag)
    const ivs = new Set<string>();
    // 2,000 seals take ~6 pools of 4 KiB: the refills are crossed several times.
    for (let i = 0; i < 2000; i++) {
      const sealed = seal('王秀英', dk);
      const payload = Buffer.from(sealed.split('.', 4)[3]!, 'base64');
      ivs.add(payload.subarray(ivAt, ivAt + ivLength).toString('hex'));
      if (i % 500 === 0) expect(open(sealed, () => dk)).toBe('王秀英');
    }
    expect(ivs.size).toBe(2000);
  });

  it('names the data key it sealed under, also when a key object is given another id (its prefix is remembered per key)', () => {
    const dk: DataKey = { id: 'k1', cipher: 'aes-256-gcm', key: randomBytes(32) };
    const first = seal('王秀英', dk);
    expect(first.startsWith('e1.aes-256-gcm.k1.')).toBe(true);
    dk.id = 'k2';
    const second = seal('王秀英', dk);
    expect(second.startsWith('e1.aes-256-gcm.k2.')).toBe(true);
    // The id is bound into the tag: each opens under its own id only.
    expect(open(second, (id) => (id === 'k2' ? dk : undefined))).toBe('王秀英');
    expect(() => open(first, () => dk)).toThrow();
  });
});
