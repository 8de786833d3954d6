import { describe, expect, it } from 'vitest';
import { installRandomUuid, randomUuidFrom } from './random-uuid.ts';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const fill = (value: number) => (bytes: Uint8Array) => bytes.fill(value);

describe('randomUUID from getRandomValues', () => {
  it('sets the version and variant bits whatever the random bytes are', () => {
    expect(randomUuidFrom(fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(randomUuidFrom(fill(0x00))).toBe('00000000-0000-4000-8000-000000000000');
  });

  it('gives distinct version-4 UUIDs from real randomness', () => {
    const ids = Array.from({ length: 200 }, () => randomUuidFrom((b) => crypto.getRandomValues(b)));
    for (const id of ids) expect(id).toMatch(uuidV4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is installed only where the browser has none (Chromium < 92, Safari < 15.4, any page over http)', () => {
    const bare = { getRandomValues: (b: Uint8Array) => crypto.getRandomValues(b) } as unknown as Crypto;
    installRandomUuid(bare);
    expect(bare.randomUUID()).toMatch(uuidV4);

    const native = () => '11111111-1111-4111-8111-111111111111' as const;
    const modern = { randomUUID: native, getRandomValues: bare.getRandomValues } as unknown as Crypto;
    installRandomUuid(modern);
    expect(modern.randomUUID).toBe(native);
  });
});
