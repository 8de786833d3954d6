import { zodIssuesToFieldIssues } from '@tiaojie/domain';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import { ApiError, validationError } from './api-error.js';
import type { AppEnv } from './app-env.js';

/** The one place where failures become responses. Unexpected ones are logged and become a 500 with the request id. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId') ?? 'unknown';
  if (err instanceof ZodError) return respond(c, validationError(zodIssuesToFieldIssues(err)), requestId);
  if (err instanceof ApiError) return respond(c, err, requestId);
  if (err instanceof HTTPException) {
    if (err.status === 413) return respond(c, new ApiError(413, 'PAYLOAD_TOO_LARGE', 'request body too large'), requestId);
    if (err.status === 400) return respond(c, new ApiError(400, 'BAD_JSON', err.message || 'malformed request'), requestId);
    if (err.status === 401) return respond(c, new ApiError(401, 'UNAUTHENTICATED', err.message || 'authentication required'), requestId);
    if (err.status === 415) {
      return respond(c, new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'this endpoint takes a body of Content-Type application/json'), requestId);
    }
  }
  if (isDatabaseUnavailable(err)) {
    // The pool replaces the lost connection by itself; the client retries (the phone's outbox does).
    console.warn(`[${requestId}] database unavailable: ${err.message}`);
    c.header('Retry-After', '5');
    return respond(c, new ApiError(503, 'DATABASE_UNAVAILABLE', 'the database is unreachable; try again shortly'), requestId);
  }
  const logger = c.get('logger') as AppEnv['Variables']['logger'] | undefined;
  if (logger) logger.error({ err, requestId }, 'unexpected error');
  else console.error(`[${requestId}]`, err);
  return c.json({ error: { code: 'INTERNAL', message: `internal error (request ${requestId})`, requestId } }, 500);
}

function respond(c: Context<AppEnv>, err: ApiError, requestId: string): Response {
  return c.json(
    { error: { code: err.code, message: err.message, requestId, ...(err.issues ? { issues: err.issues } : {}) } },
    err.status,
  );
}
