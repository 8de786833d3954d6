import type { MiddlewareHandler } from 'hono';
import { ApiError, unauthenticated } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { checkToken, touchToken } from './tokens.js';

export const DEFAULT_STAFF_IDLE_MINUTES = 30;

const refusals = {
  UNAUTHENTICATED: () => unauthenticated('token is invalid, expired or revoked'),
  DEVICE_REVOKED: () => new ApiError(401, 'DEVICE_REVOKED', 'this device’s sign-in was revoked or the account disabled; erase its local data'),
  SESSION_IDLE: () => new ApiError(401, 'SESSION_IDLE', 'the session ended after a period of inactivity; sign in again'),
};

/**
 * Resolves `Authorization: Bearer …` to the user, their token and device; 401 otherwise, with a code saying why
 * (DEVICE_REVOKED: erase the device; SESSION_IDLE: a staff session idled out). A token that only allows a password
 * change is refused (403 PASSWORD_CHANGE_REQUIRED) except where `allowPasswordChange` says so.
 */
export function requireAuth(deps: AppDeps, options: { allowPasswordChange?: boolean } = {}): MiddlewareHandler<AppEnv> {
  const policy = { staffIdleMinutes: deps.config.staffIdleMinutes ?? DEFAULT_STAFF_IDLE_MINUTES };
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!match?.[1]) throw unauthenticated('missing or malformed bearer token');
    const checked = await checkToken(deps.store.db, match[1], policy);
    if (!checked.ok) throw refusals[checked.code]();
    const resolved = checked.token;
    if (resolved.kind === 'password_change' && !options.allowPasswordChange) {
      throw new ApiError(403, 'PASSWORD_CHANGE_REQUIRED', 'change the password first (POST /api/auth/password)');
    }
    await touchToken(deps.store.db, resolved.tokenId, resolved.lastUsedAt);
    c.set('auth', { user: resolved.user, tokenId: resolved.tokenId, deviceId: resolved.deviceId });
    await next();
  };
}
