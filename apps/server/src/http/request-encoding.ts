import type { MiddlewareHandler } from 'hono';
import { createGunzip } from 'node:zlib';
import { ApiError } from './api-error.js';
import { bodyLimitFor } from './body-limits.js';

/**
 * Inflates a gzip request body (phones gzip their sync requests: JSON shrinks ~8x, and their uplink is slow).
 * The compressed size was limited already (bodyLimits, from Content-Length before anything is read); the inflated
 * size is counted WHILE inflating and the request refused the moment it passes the route's limit, so a small
 * body that unpacks to gigabytes (a "zip bomb") costs at most the limit in memory and is answered
 * 413 PAYLOAD_TOO_LARGE. A body that is not valid gzip is 400 BAD_JSON; another encoding is 415.
 * Runs after bodyLimits and before jsonBody, which then reads the inflated text as usual.
 */
export const requestEncoding: MiddlewareHandler = async (c, next) => {
  const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return next();
  if (encoding !== 'gzip') throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `content-encoding ${encoding} is not supported (send gzip or none)`);
  const limit = bodyLimitFor(c.req.path) ?? Number.MAX_SAFE_INTEGER;
  const compressed = new Uint8Array(await c.req.arrayBuffer());
  const inflated = await inflate(compressed, limit);
  // Hono keeps each body reading as a promise under its name: later readers take the inflated one.
  const cache = c.req.bodyCache as Record<string, unknown>;
  for (const key of Object.keys(cache)) delete cache[key];
  cache.arrayBuffer = Promise.resolve(inflated.buffer.slice(inflated.byteOffset, inflated.byteOffset + inflated.byteLength));
  cache.text = Promise.resolve(new TextDecoder().decode(inflated));
  await next();
};

/** Gunzips `bytes`, failing with 413 as soon as the output passes `limit` bytes (zlib stops right there). */
export function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const fail = (e: ApiError) => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      reject(e);
    };
    gunzip.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) return fail(new ApiError(413, 'PAYLOAD_TOO_LARGE', `request body inflates past ${limit} bytes`));
      chunks.push(chunk);
    });
    gunzip.on('error', () => fail(new ApiError(400, 'BAD_JSON', 'request body is not valid gzip')));
    gunzip.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, total));
    });
    gunzip.end(bytes);
  });
}
