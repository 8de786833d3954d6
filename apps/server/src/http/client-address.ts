import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

/** The proxies whose `X-Forwarded-For` is believed (TRUST_PROXY): addresses and CIDR ranges, IPv4 or IPv6. */
export interface TrustedProxies {
  has(address: string): boolean;
}

export const noTrustedProxies: TrustedProxies = { has: () => false };

/**
 * Parses TRUST_PROXY: comma- or space-separated addresses and CIDRs ("10.0.0.1, 172.16.0.0/12, fd00::/8").
 * Anything else throws naming the entry, so a typo stops the server instead of trusting nobody (or everybody).
 */
export function parseTrustedProxies(setting: string | undefined): TrustedProxies {
  const entries = (setting ?? '').split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return noTrustedProxies;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (family === 0 || extra !== undefined || (bits !== undefined && !(bits >= 0 && bits <= (family === 4 ? 32 : 128)))) {
      throw new Error(`TRUST_PROXY: "${entry}" is not an IP address or CIDR range`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return { has: (address) => {
    const plain = normalizeAddress(address);
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  } };
}

/** An IPv4 client on a dual-stack socket shows as ::ffff:1.2.3.4; it is the same client as 1.2.3.4. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return (mapped?.[1] ?? address).toLowerCase();
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy — then the nearest address in
 * `X-Forwarded-For` (read from the right, each hop appends) that is not itself a trusted proxy. A client can
 * prepend whatever it likes to the header, so nothing left of the first untrusted hop is believed.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trusted: TrustedProxies): string {
  const peer = socketAddress ? normalizeAddress(socketAddress) : 'unknown';
  if (!socketAddress || !trusted.has(peer) || !forwardedFor) return peer;
  const hops = forwardedFor.split(',').map((h) => normalizeAddress(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return peer; // garbage in the chain: fall back to the proxy itself rather than believe it
    if (!trusted.has(hop)) return hop;
  }
  return hops[0] ?? peer;
}

/** The address a request comes from, as login throttling counts it. */
export function clientAddress(c: Context, deps: { peerAddress?: ((c: Context) => string | undefined) | undefined; config: { trustProxy?: TrustedProxies | undefined } }): string {
  let peer: string | undefined;
  try {
    peer = deps.peerAddress?.(c);
  } catch {
    peer = undefined; // (no socket behind this request)
  }
  return resolveClientAddress(peer, c.req.header('x-forwarded-for'), deps.config.trustProxy ?? noTrustedProxies);
}
