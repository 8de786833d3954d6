import { errorCodes, type ErrorCode } from '@tiaojie/domain';
import { z } from 'zod';

/** A failed sync request or step, with the error code the UI shows (and the HTTP status, 0 without an answer). */
export class SyncFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** At most the bytes a request body takes on the wire (a string's UTF-8 is at most 3 bytes per UTF-16 unit). */
function uploadBytes(body: BodyInit | undefined): number {
  if (typeof body === 'string') return body.length * 3;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof Blob) return body.size;
  return 0;
}

/** JSON bodies smaller than this go as they are: a gzip frame would not pay for itself. */
const GZIP_FROM_CHARS = 1024;

/**
 * The JSON body gzipped with the platform's CompressionStream (browsers, Node 18+), or null where there is none
 * (then it goes uncompressed; the server takes both). Sync requests are JSON full of repeated keys and texts:
 * a push of 200 cases shrinks ~8x, which on a 50 kbps uplink is most of the sync's time.
 */
export async function gzipJson(json: string): Promise<ArrayBuffer | null> {
  const Stream = (globalThis as { CompressionStream?: typeof CompressionStream }).CompressionStream;
  if (!Stream || json.length < GZIP_FROM_CHARS) return null;
  const compressed = new Response(json).body!.pipeThrough(new Stream('gzip'));
  return new Response(compressed).arrayBuffer();
}

export interface SyncHttpOptions {
  baseUrl: string;
  getToken: () => string | null;
  fetch: typeof fetch;
  requestTimeoutMs: number;
  /** Gzip JSON request bodies when the platform can (default true). */
  compress?: boolean;
}

/** A JSON body ready to send (gzipped when worth it), so it can be prepared while an earlier request is out. */
export interface EncodedJson {
  body: BodyInit;
  headers: Record<string, string>;
}

export interface SyncHttp {
  call(method: string, path: string, body?: BodyInit, headers?: Record<string, string>): Promise<unknown>;
  encodeJson(body: unknown): Promise<EncodedJson>;
  /** POSTs an encoded body: the request starts synchronously, in the same tick as this call. */
  postEncoded(path: string, encoded: EncodedJson): Promise<unknown>;
  postJson(path: string, body: unknown): Promise<unknown>;
}

/** The sync engine's requests: bearer token, a time limit, JSON answers, errors as SyncFailure with the server's code. */
export function createSyncHttp(options: SyncHttpOptions): SyncHttp {
  const compress = options.compress ?? true;

  async function call(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<unknown> {
    const token = options.getToken();
    if (!token) throw new SyncFailure('UNAUTHENTICATED', 'not signed in');
    let res: Response;
    // A request that never answers (a half-open connection on a moving phone) would stall every later run. The
    // limit runs until the answer starts, with a second per KB sent on top, so that a 200-case push over a
    // 2G link of a few KB/s is not cut off; a large answer then downloads at its own pace.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('no answer in time')), options.requestTimeoutMs + (uploadBytes(body) / 1024) * 1000);
    try {
      res = await options.fetch(`${options.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...headers },
        signal: controller.signal,
        ...(body !== undefined ? { body } : {}),
      });
    } catch (e) {
      throw new SyncFailure('NETWORK', e instanceof Error ? e.message : 'network error');
    } finally {
      clearTimeout(timer);
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // A proxy's HTML error page: treated like a network failure below.
    }
    if (res.ok) return parsed;
    const err = errorBodySchema.safeParse(parsed);
    const code = err.success && (errorCodes as readonly string[]).includes(err.data.error.code) ? (err.data.error.code as ErrorCode) : res.status >= 500 ? 'INTERNAL' : 'NETWORK';
    throw new SyncFailure(code, err.success ? err.data.error.message : `HTTP ${res.status}`, res.status);
  }

  async function encodeJson(body: unknown): Promise<EncodedJson> {
    const json = JSON.stringify(body);
    const gz = compress ? await gzipJson(json) : null;
    if (gz) return { body: gz, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } };
    return { body: json, headers: { 'content-type': 'application/json' } };
  }

  const postEncoded = (path: string, encoded: EncodedJson) => call('POST', path, encoded.body, encoded.headers);

  return { call, encodeJson, postEncoded, postJson: async (path, body) => postEncoded(path, await encodeJson(body)) };
}
