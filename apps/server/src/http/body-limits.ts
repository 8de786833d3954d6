import type { MiddlewareHandler } from 'hono';
import { MAX_PUSH_BYTES } from '@tiaojie/sync';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error.js';

const MB = 1024 * 1024;
const tooLarge = () => {
  throw new ApiError(413, 'PAYLOAD_TOO_LARGE', 'request body too large');
};

// Photo chunks and ledger imports are larger than JSON requests; everything else stays small.
const sizes: [prefix: string, maxBytes: number][] = [
  ['/api/photos', 8 * MB],
  ['/api/reports/import', 20 * MB],
  // (refused from Content-Length before the body is read, or as soon as the bytes read pass the limit)
  ['/api/sync/push', MAX_PUSH_BYTES],
  ['/api/sync', 1 * MB],
  ['/api', 1 * MB],
];

/**
 * The most bytes a request body to `path` may take — as sent, and again once inflated when it came compressed
 * (request-encoding.ts): a small gzip body cannot unpack past what an uncompressed one could be. Null: no limit.
 */
export function bodyLimitFor(path: string): number | null {
  return sizes.find(([prefix]) => path.startsWith(prefix))?.[1] ?? null;
}

const limits: [prefix: string, handler: MiddlewareHandler][] = sizes.map(([prefix, maxSize]) => [prefix, bodyLimit({ maxSize, onError: tooLarge })]);

export const bodyLimits: MiddlewareHandler = (c, next) => {
  const entry = limits.find(([prefix]) => c.req.path.startsWith(prefix));
  return entry ? entry[1](c, next) : next();
};
