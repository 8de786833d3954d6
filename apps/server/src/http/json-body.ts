import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';
import { jsonDepth, MAX_JSON_DEPTH, MAX_PUSH_JSON_DEPTH } from './json-depth.js';

const JSON_TYPE = /^application\/([a-z0-9.-]+\+)?json\s*(;|$)/i;

/**
 * Reads a JSON request body once, before any route: malformed text is 400 BAD_JSON and nesting deeper than
 * MAX_JSON_DEPTH is 400 JSON_TOO_DEEP, both before anything recursive (JSON.parse, zod) touches it. The parsed
 * value is left in Hono's body cache, so validators do not parse it again. Bodies of other types pass through
 * (photo chunks, ledger files); a JSON route given one answers 415 through onError.
 */
export const jsonBody: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type');
  if (!type || !JSON_TYPE.test(type) || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const text = await c.req.text();
  // (an empty body is the route's to judge: one with a required body answers BAD_JSON through onError)
  if (text === '') return next();
  const limit = c.req.path === '/api/sync/push' ? MAX_PUSH_JSON_DEPTH : MAX_JSON_DEPTH;
  if (jsonDepth(text, limit) > limit) {
    throw new ApiError(400, 'JSON_TOO_DEEP', `request body is nested deeper than ${limit} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'BAD_JSON', 'request body is not valid JSON');
  }
  // Hono keeps each body reading as a promise under its name; later c.req.json() calls take this one.
  (c.req.bodyCache as Record<string, unknown>).json = Promise.resolve(value);
  await next();
};
