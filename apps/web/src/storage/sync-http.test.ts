import { describe, expect, it } from 'vitest';
import { createSyncHttp, gzipJson, SyncFailure } from './sync-http.ts';
import { requestText } from './testing/request-body.ts';

type Seen = { url: string; init: RequestInit };

function httpWith(answer: (seen: Seen) => Response | Promise<Response>, options: { compress?: boolean; token?: string | null } = {}) {
  const seen: Seen[] = [];
  const http = createSyncHttp({
    baseUrl: 'http://server',
    getToken: () => (options.token === undefined ? 't0k' : options.token),
    requestTimeoutMs: 1_000,
    ...(options.compress !== undefined ? { compress: options.compress } : {}),
    fetch: async (input, init) => {
      const s = { url: String(input), init: init ?? {} };
      seen.push(s);
      return answer(s);
    },
  });
  return { http, seen };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('sync requests', () => {
  it('gzips JSON bodies worth compressing, and sends small ones as they are', async () => {
    const { http, seen } = httpWith(() => json({ ok: true }));
    const big = { texts: Array.from({ length: 200 }, (_, i) => `楼上卫生间漏水导致楼下墙面受损 ${i}`) };
    expect(await http.postJson('/api/sync/push', big)).toEqual({ ok: true });
    expect(await http.postJson('/api/sync/pull', { cursor: 1 })).toEqual({ ok: true });
    const [push, pull] = seen;
    expect(new Headers(push!.init.headers).get('content-encoding')).toBe('gzip');
    expect((push!.init.body as ArrayBuffer).byteLength * 5).toBeLessThan(JSON.stringify(big).length);
    expect(JSON.parse(await requestText(push!.init))).toEqual(big);
    expect(new Headers(pull!.init.headers).get('content-encoding')).toBeNull();
    expect(pull!.init.body).toBe('{"cursor":1}');
    expect(new Headers(pull!.init.headers).get('authorization')).toBe('Bearer t0k');
  });

  it('sends uncompressed when told to (or when the platform has no CompressionStream)', async () => {
    const { http, seen } = httpWith(() => json({}), { compress: false });
    const big = { text: 'x'.repeat(5000) };
    await http.postJson('/p', big);
    expect(seen[0]!.init.body).toBe(JSON.stringify(big));
    expect(await gzipJson('short')).toBeNull();
  });

  it("turns the server's error body into its code, anything else into NETWORK or INTERNAL", async () => {
    const answers = [
      json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'too big' } }, 413),
      new Response('<html>bad gateway</html>', { status: 502 }),
      new Response('<html>captive portal</html>', { status: 403 }),
    ];
    const { http } = httpWith(() => answers.shift()!);
    for (const expected of [
      { code: 'PAYLOAD_TOO_LARGE', status: 413, message: 'too big' },
      { code: 'INTERNAL', status: 502 },
      { code: 'NETWORK', status: 403 },
    ]) {
      const e = await http.postJson('/p', {}).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SyncFailure);
      expect(e).toMatchObject(expected);
    }
  });

  it('fails without a request when signed out, and a thrown fetch as NETWORK', async () => {
    const signedOut = httpWith(() => json({}), { token: null });
    await expect(signedOut.http.postJson('/p', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(signedOut.seen).toHaveLength(0);
    const down = httpWith(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(down.http.call('GET', '/p')).rejects.toMatchObject({ code: 'NETWORK', message: 'Failed to fetch' });
  });

  it('encodes a body ahead and sends it in the same tick as postEncoded', async () => {
    const { http, seen } = httpWith(() => json({ done: 1 }));
    const encoded = await http.encodeJson({ text: 'y'.repeat(4000) });
    const answer = http.postEncoded('/p', encoded);
    expect(seen).toHaveLength(1);
    expect(await answer).toEqual({ done: 1 });
  });
});
