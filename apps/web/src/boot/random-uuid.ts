/**
 * crypto.randomUUID arrived in Chromium 92 and Safari 15.4, and exists only on https:// — getRandomValues is
 * older and exists everywhere, so a version-4 UUID is built from it (RFC 9562 §5.4: version and variant bits).
 */
export function randomUuidFrom(getRandomValues: (bytes: Uint8Array) => Uint8Array): `${string}-${string}-${string}-${string}-${string}` {
  const b = getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (n) => n.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function installRandomUuid(crypto: Crypto): void {
  if (typeof crypto.randomUUID === 'function') return;
  Object.defineProperty(crypto, 'randomUUID', {
    value: () => randomUuidFrom((bytes) => crypto.getRandomValues(bytes)),
    configurable: true,
    writable: true,
  });
}
