import { describe, expect, it } from 'vitest';
import { noTrustedProxies, parseTrustedProxies, resolveClientAddress } from './client-address.js';

describe('parseTrustedProxies', () => {
  it('takes addresses and CIDRs of both families, separated by commas or spaces', () => {
    const trusted = parseTrustedProxies(' 127.0.0.1,10.0.0.0/8  fd00::/8 ::1');
    expect(['127.0.0.1', '10.255.0.1', 'fd12::1', '::1', '::ffff:127.0.0.1'].every((a) => trusted.has(a))).toBe(true);
    expect(['127.0.0.2', '11.0.0.1', 'fe80::1', '::2', 'not-an-address'].some((a) => trusted.has(a))).toBe(false);
  });

  it('trusts nobody when empty', () => {
    expect(parseTrustedProxies('').has('127.0.0.1')).toBe(false);
    expect(parseTrustedProxies(undefined).has('127.0.0.1')).toBe(false);
  });

  it.each(['localhost', '10.0.0.0/', '10.0.0.0/33', '::/129', '10.0.0.1/8/8', '300.1.1.1', '10.0.0.0/x'])('refuses %s naming it', (entry) => {
    expect(() => parseTrustedProxies(`127.0.0.1, ${entry}`)).toThrow(`TRUST_PROXY: "${entry}"`);
  });
});

describe('resolveClientAddress', () => {
  const proxy = parseTrustedProxies('10.0.0.1, 10.0.0.2');

  it('takes the socket address and ignores X-Forwarded-For from anyone not trusted', () => {
    expect(resolveClientAddress('198.51.100.1', '1.2.3.4', noTrustedProxies)).toBe('198.51.100.1');
    expect(resolveClientAddress('198.51.100.1', '1.2.3.4', proxy)).toBe('198.51.100.1');
    expect(resolveClientAddress('::ffff:198.51.100.1', undefined, proxy)).toBe('198.51.100.1');
    expect(resolveClientAddress(undefined, '1.2.3.4', proxy)).toBe('unknown');
  });

  it('from a trusted proxy, takes the nearest untrusted hop, never what the client prepended', () => {
    expect(resolveClientAddress('10.0.0.1', '203.0.113.5', proxy)).toBe('203.0.113.5');
    expect(resolveClientAddress('10.0.0.1', '6.6.6.6, 203.0.113.5', proxy)).toBe('203.0.113.5');
    expect(resolveClientAddress('10.0.0.1', '6.6.6.6, 203.0.113.5, 10.0.0.2', proxy)).toBe('203.0.113.5');
    expect(resolveClientAddress('10.0.0.1', '10.0.0.2', proxy)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.1', 'garbage', proxy)).toBe('10.0.0.1');
    expect(resolveClientAddress('10.0.0.1', '', proxy)).toBe('10.0.0.1');
  });
});
