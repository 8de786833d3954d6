import { userSchema } from '@tiaojie/domain';
import { z } from 'zod';
import { ApiFailure, apiFetch } from '../api/http.ts';
import { clearSignedOutReason } from '../api/signed-out.ts';
import { deviceId, readSession, writeSession, type Session } from '../api/session.ts';
import { keepRecoveryKey } from './recovery-key.ts';

const loginResponseSchema = z.object({ token: z.string().min(1), user: userSchema, recoveryKey: z.string().optional() });
const changeRequiredSchema = z.object({ passwordChangeToken: z.string().min(1), expiresAt: z.string() });

/** After a forced change: a session for this device and its recovery key (so the PIN is set without a second sign-in). */
const passwordChangedSchema = z.object({ token: z.string().nullable(), expiresAt: z.string().nullable(), recoveryKey: z.string().nullable().optional() });

/** An administrator requires a new password: `changeToken` (short-lived) allows only changePassword. */
export class PasswordChangeRequired extends Error {
  constructor(readonly changeToken: string) {
    super('password change required');
    this.name = 'PasswordChangeRequired';
  }
}

/** Signs in online (the first login needs the network) and keeps the session for offline days. */
export async function login(username: string, password: string): Promise<Session> {
  let body: unknown;
  try {
    body = await apiFetch('/api/auth/login', {
      method: 'POST',
      json: { username: username.trim(), password, deviceId: deviceId(), deviceName: deviceName() },
    });
  } catch (e) {
    const required = e instanceof ApiFailure && e.code === 'PASSWORD_CHANGE_REQUIRED' ? changeRequiredSchema.safeParse(e.body) : null;
    if (required?.success) throw new PasswordChangeRequired(required.data.passwordChangeToken);
    throw e;
  }
  clearSignedOutReason();
  const { token, user, recoveryKey: key } = loginResponseSchema.parse(body);
  keepRecoveryKey(key ?? null);
  return startSession(token, user);
}


export { forgetRecoveryKey, signInRecoveryKey } from './recovery-key.ts';

function startSession(token: string, user: Session['user']): Session {
  const session: Session = { token, user, signedInAt: new Date().toISOString() };
  writeSession(session);
  return session;
}

/**
 * Changes the password: with the session's token (other devices are signed out), or with the change-only token a
 * forced change got at sign-in, which then yields this device's session.
 */
export async function changePassword(oldPassword: string, newPassword: string, changeToken?: string): Promise<void> {
  const headers = changeToken ? { Authorization: `Bearer ${changeToken}` } : undefined;
  const body = passwordChangedSchema.parse(await apiFetch('/api/auth/password', { method: 'POST', json: { oldPassword, newPassword }, ...(headers ? { headers } : {}) }));
  if (!changeToken || !body.token) return;
  const user = userSchema.parse(await apiFetch('/api/me', { headers: { Authorization: `Bearer ${body.token}` } }));
  clearSignedOutReason();
  keepRecoveryKey(body.recoveryKey ?? null);
  startSession(body.token, user);
}

/** Revokes the token if the server is reachable; the local session ends either way. */
export async function endSession(): Promise<void> {
  if (readSession()) {
    try {
      await apiFetch('/api/auth/logout', { method: 'POST' });
    } catch {
      // Offline or already revoked: the token expires on the server by itself.
    }
  }
  writeSession(null);
}

function deviceName(): string {
  const ua = navigator.userAgent;
  const model = /Android [^;]+; ([^;)]+)/.exec(ua)?.[1];
  return (model ?? (/(Windows|Mac OS X|Linux|Android|iPhone)/.exec(ua)?.[1] ?? 'browser')).slice(0, 60);
}
