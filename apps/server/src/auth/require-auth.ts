import type { MiddlewareHandler } from 'hono';
import { unauthenticated } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { resolveToken, touchToken } from './tokens.js';

/** Resolves `Authorization: Bearer …` to the user, their token and device; 401 otherwise. */
export function requireAuth(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!match?.[1]) throw unauthenticated('missing or malformed bearer token');
    const resolved = await resolveToken(deps.store.db, match[1]);
    if (!resolved) throw unauthenticated('token is invalid, expired or revoked');
    await touchToken(deps.store.db, resolved.tokenId, resolved.lastUsedAt);
    c.set('auth', { user: resolved.user, tokenId: resolved.tokenId, deviceId: resolved.deviceId });
    await next();
  };
}
