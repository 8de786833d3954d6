import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { NUL_CHAR, deviceSessionSchema, noNul, passwordSchema, safeString, userSchema, usernameSchema } from '@tiaojie/domain';
import { ApiError, notFound } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';
import { recordAudit } from '../audit/index.js';
import { bearerSecurity, errorResponses, errorSchema } from '../http/openapi-schemas.js';
import { clientAddress } from '../http/client-address.js';
import { releaseLoginAttempt, reserveLoginAttempt, type LoginAttempt } from './login-throttle.js';
import { getDecoyHash, hashPassword, verifyPassword } from './passwords.js';
import { assertPasswordPolicy } from './password-policy.js';
import { requireAuth } from './require-auth.js';
import { issueToken, resolveToken, revokeToken, revokeUserTokens } from './tokens.js';
import { findUserByUsername } from './users.js';
import { recoveryKeyFor } from './recovery-keys.js';

const loginBody = z.object({
  username: usernameSchema,
  password: passwordSchema,
  /** A stable id the device generates once; a new login on the same device replaces its old token. */
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  deviceName: safeString().max(100).optional(),
});

/** How long the token that only allows a forced password change lives. */
export const PASSWORD_CHANGE_TOKEN_MINUTES = 10;

const passwordChangeRequiredSchema = errorSchema.extend({ passwordChangeToken: z.string(), expiresAt: z.string(), deviceId: z.string() });

const passwordBody = z.object({ oldPassword: passwordSchema, newPassword: passwordSchema });

const passwordRoute = createRoute({
  method: 'post',
  path: '/auth/password',
  tags: ['auth'],
  summary: 'Change my password (the current one required); every other sign-in of mine is revoked',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: passwordBody } } } },
  responses: {
    200: {
      description:
        'Changed. After a forced change `token` is a new session for this device (the change-only token is spent) and `recoveryKey` this device’s ' +
        'recovery key, as a sign-in gives it (the password was proven twice over): the phone sets its PIN without signing in again. Else all null',
      content: {
        'application/json': { schema: z.object({ token: z.string().nullable(), expiresAt: z.string().nullable(), recoveryKey: z.string().nullable() }) },
      },
    },
    400: { description: 'WRONG_PASSWORD, or WEAK_PASSWORD with the broken rules as issues', content: { 'application/json': { schema: errorSchema } } },
    401: errorResponses[401],
  },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in with username and password; returns a bearer token for this device',
  request: { body: { required: true, content: { 'application/json': { schema: loginBody } } } },
  responses: {
    200: {
      description: 'Signed in',
      content: {
        'application/json': {
          schema: z.object({
            token: z.string(),
            expiresAt: z.string(),
            deviceId: z.string(),
            user: userSchema,
            /** This device's key for recovering its locked local data (see auth/recovery-keys.ts); the phone never stores it. */
            recoveryKey: z.string(),
          }),
        },
      },
    },
    400: errorResponses[400],
    401: { description: 'Wrong username or password (INVALID_CREDENTIALS)', content: { 'application/json': { schema: errorSchema } } },
    403: {
      description: 'PASSWORD_CHANGE_REQUIRED: an administrator requires a new password; `passwordChangeToken` (short-lived) only allows POST /api/auth/password',
      content: { 'application/json': { schema: passwordChangeRequiredSchema } },
    },
    429: { description: 'Too many failed attempts (TOO_MANY_ATTEMPTS); see Retry-After', content: { 'application/json': { schema: errorSchema } } },
  },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'The signed-in user with role and org node',
  security: bearerSecurity,
  responses: { 200: { description: 'The user', content: { 'application/json': { schema: userSchema } } }, 401: errorResponses[401] },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Revoke the token used for this request',
  security: bearerSecurity,
  responses: { 204: { description: 'Revoked' }, 401: errorResponses[401] },
});

/** The user's own list marks the session making the request. */
const sessionSchema = deviceSessionSchema.required({ current: true });

const sessionsRoute = createRoute({
  method: 'get',
  path: '/auth/sessions',
  tags: ['auth'],
  summary: 'My live tokens, one per device',
  security: bearerSecurity,
  responses: {
    200: { description: 'Sessions', content: { 'application/json': { schema: z.object({ sessions: z.array(sessionSchema) }) } } },
    401: errorResponses[401],
  },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/auth/sessions/{id}',
  tags: ['auth'],
  summary: 'Revoke one of my devices (a lost phone)',
  security: bearerSecurity,
  request: { params: z.object({ id: z.string().max(64).refine(noNul, { message: NUL_CHAR }) }) },
  responses: { 204: { description: 'Revoked' }, 401: errorResponses[401], 404: errorResponses[404] },
});

/**
 * A login that carries (as the web app's requests do) a valid token of the same account — and of the same device,
 * when it names one — comes from a device the user already signed in on: a stranger guessing the password cannot
 * present one. Anything else (no token, another account's, expired, revoked) is simply an unknown device.
 */
async function knownDeviceToken(db: Kysely<Database>, authorization: string | undefined, username: string, deviceId: string | undefined) {
  const token = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  const resolved = await resolveToken(db, token);
  if (!resolved || resolved.user.username !== username || (deviceId !== undefined && resolved.deviceId !== deviceId)) return undefined;
  return resolved.tokenId;
}

/** Mounted at /api: /api/auth/login, /api/auth/logout, /api/auth/sessions, /api/me. */
export function createAuthRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const router = createRouter();
  const auth = requireAuth(deps);
  router.use('/me', auth);
  router.use('/auth/logout', auth);
  router.use('/auth/sessions', auth);
  router.use('/auth/sessions/*', auth);
  router.use('/auth/password', requireAuth(deps, { allowPasswordChange: true }));

  router.openapi(loginRoute, async (c) => {
    const body = c.req.valid('json');
    const username = body.username.toLowerCase();
    const attempt: LoginAttempt = {
      username,
      address: clientAddress(c, deps),
      knownDeviceTokenId: await knownDeviceToken(db, c.req.header('authorization'), username, body.deviceId),
    };
    const throttle = await reserveLoginAttempt(db, attempt);
    if (!throttle.allowed) {
      c.header('Retry-After', String(throttle.retryAfterSeconds));
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', `too many login attempts; retry in ${throttle.retryAfterSeconds} s`);
    }
    const found = await findUserByUsername(db, body.username);
    const ok = await verifyPassword(body.password, found?.passwordHash ?? (await getDecoyHash()));
    if (!found || !ok || found.disabled) {
      await recordAudit(db, {
        action: 'auth.loginFailed',
        actor: found ? found.user : { id: '', username, nodePath: '/' },
        deviceId: body.deviceId,
        details: { cause: !found ? 'unknownUser' : !ok ? 'wrongPassword' : 'disabled', address: attempt.address },
      });
      throw new ApiError(401, 'INVALID_CREDENTIALS', 'wrong username or password');
    }
    await releaseLoginAttempt(db, attempt);
    const deviceId = body.deviceId ?? crypto.randomUUID().replaceAll('-', '');
    if (found.mustChangePassword) {
      const issued = await issueToken(db, {
        userId: found.user.id,
        deviceId,
        deviceName: body.deviceName ?? c.req.header('user-agent')?.slice(0, 100) ?? 'unknown',
        ttlDays: 0,
        ttlMinutes: PASSWORD_CHANGE_TOKEN_MINUTES,
        kind: 'password_change',
      });
      await recordAudit(db, { action: 'auth.login', actor: found.user, deviceId, details: { address: attempt.address, passwordChangeRequired: true } });
      return c.json(
        {
          error: { code: 'PASSWORD_CHANGE_REQUIRED' as const, message: 'an administrator requires a new password before signing in' },
          passwordChangeToken: issued.token,
          expiresAt: issued.expiresAt,
          deviceId,
        },
        403,
      );
    }
    const issued = await issueToken(db, {
      userId: found.user.id,
      deviceId,
      deviceName: body.deviceName ?? c.req.header('user-agent')?.slice(0, 100) ?? 'unknown',
      ttlDays: deps.config.tokenTtlDays,
    });
    await recordAudit(db, { action: 'auth.login', actor: found.user, deviceId, details: { address: attempt.address } });
    const recoveryKey = await recoveryKeyFor(db, deps.store.personal, found.user.id, deviceId);
    return c.json({ token: issued.token, expiresAt: issued.expiresAt, deviceId, user: found.user, recoveryKey }, 200);
  });

  router.openapi(passwordRoute, async (c) => {
    const { oldPassword, newPassword } = c.req.valid('json');
    const { user, tokenId, deviceId } = c.var.auth;
    const row = await db.selectFrom('users').select(['password_hash', 'must_change_password']).where('id', '=', user.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(oldPassword, row.password_hash))) throw new ApiError(400, 'WRONG_PASSWORD', 'the current password is wrong');
    assertPasswordPolicy(newPassword, user.username, 'newPassword', newPassword === oldPassword ? ['PASSWORD_UNCHANGED'] : []);
    const hash = await hashPassword(newPassword);
    const forced = row.must_change_password === 1;
    const current = await db.selectFrom('tokens').select(['kind', 'device_name']).where('id', '=', tokenId).executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, must_change_password: 0 }).where('id', '=', user.id).execute();
      // Every other sign-in ends (they sign in again: not a wipe); a change-only token is spent as well.
      await revokeUserTokens(trx, user.id, 'password', current.kind === 'session' ? tokenId : undefined);
      await recordAudit(trx, { action: 'auth.passwordChanged', actor: user, deviceId, target: user.id, details: { forced } });
    });
    if (current.kind === 'session') return c.json({ token: null, expiresAt: null, recoveryKey: null }, 200);
    const issued = await issueToken(db, { userId: user.id, deviceId, deviceName: current.device_name, ttlDays: deps.config.tokenTtlDays });
    // The change-only token came from a password sign-in and this request proved the old password again: the same
    // proof a sign-in's answer rests on, so the phone gets its recovery key here instead of after a second sign-in.
    const recoveryKey = await recoveryKeyFor(db, deps.store.personal, user.id, deviceId);
    return c.json({ token: issued.token, expiresAt: issued.expiresAt, recoveryKey }, 200);
  });

  router.openapi(meRoute, (c) => c.json(c.var.auth.user, 200));

  router.openapi(logoutRoute, async (c) => {
    await revokeToken(db, c.var.auth.tokenId, c.var.auth.user.id, 'logout');
    await recordAudit(db, { action: 'auth.logout', actor: c.var.auth.user, deviceId: c.var.auth.deviceId });
    return c.body(null, 204);
  });

  router.openapi(sessionsRoute, async (c) => {
    const rows = await db
      .selectFrom('tokens')
      .selectAll()
      .where('user_id', '=', c.var.auth.user.id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date().toISOString())
      .orderBy('last_used_at', 'desc')
      .execute();
    const sessions = rows.map((r) => ({
      id: r.id,
      deviceId: r.device_id,
      deviceName: r.device_name,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      expiresAt: r.expires_at,
      current: r.id === c.var.auth.tokenId,
    }));
    return c.json({ sessions }, 200);
  });

  router.openapi(revokeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const device = await db.selectFrom('tokens').select(['device_id', 'device_name']).where('id', '=', id).where('user_id', '=', c.var.auth.user.id).executeTakeFirst();
    const revoked = await revokeToken(db, id, c.var.auth.user.id, 'revoked');
    if (!revoked) throw notFound('session');
    await recordAudit(db, {
      action: 'auth.sessionRevoked',
      actor: c.var.auth.user,
      deviceId: c.var.auth.deviceId,
      target: id,
      details: { username: c.var.auth.user.username, device: device?.device_name, revokedDeviceId: device?.device_id },
    });
    return c.body(null, 204);
  });

  return router;
}
