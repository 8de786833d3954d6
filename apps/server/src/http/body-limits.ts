import type { MiddlewareHandler } from 'hono';
import { MAX_PUSH_BYTES } from '@tiaojie/sync';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error.js';

const MB = 1024 * 1024;
const tooLarge = () => {
  throw new ApiError(413, 'PAYLOAD_TOO_LARGE', 'request body too large');
};

// Photo chunks and ledger imports are larger than JSON requests; everything else stays small.
const limits: [prefix: string, handler: MiddlewareHandler][] = [
  ['/api/photos', bodyLimit({ maxSize: 8 * MB, onError: tooLarge })],
  ['/api/reports/import', bodyLimit({ maxSize: 20 * MB, onError: tooLarge })],
  // (refused from Content-Length before the body is read, or as soon as the bytes read pass the limit)
  ['/api/sync/push', bodyLimit({ maxSize: MAX_PUSH_BYTES, onError: tooLarge })],
  ['/api/sync', bodyLimit({ maxSize: 1 * MB, onError: tooLarge })],
  ['/api', bodyLimit({ maxSize: 1 * MB, onError: tooLarge })],
];

export const bodyLimits: MiddlewareHandler = (c, next) => {
  const entry = limits.find(([prefix]) => c.req.path.startsWith(prefix));
  return entry ? entry[1](c, next) : next();
};
