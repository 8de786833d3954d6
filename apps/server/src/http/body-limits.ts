import type { MiddlewareHandler } from 'hono';
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
  ['/api/sync', bodyLimit({ maxSize: 5 * MB, onError: tooLarge })],
  ['/api', bodyLimit({ maxSize: 1 * MB, onError: tooLarge })],
];

export const bodyLimits: MiddlewareHandler = (c, next) => {
  const entry = limits.find(([prefix]) => c.req.path.startsWith(prefix));
  return entry ? entry[1](c, next) : next();
};
