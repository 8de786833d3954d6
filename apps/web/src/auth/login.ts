import { userSchema } from '@tiaojie/domain';
import { z } from 'zod';
import { apiFetch } from '../api/http.ts';
import { deviceId, readSession, writeSession, type Session } from '../api/session.ts';

const loginResponseSchema = z.object({ token: z.string().min(1), user: userSchema });

/** Signs in online (the first login needs the network) and keeps the session for offline days. */
export async function login(username: string, password: string): Promise<Session> {
  const body = await apiFetch('/api/auth/login', {
    method: 'POST',
    json: { username: username.trim(), password, deviceId: deviceId(), deviceName: deviceName() },
  });
  const { token, user } = loginResponseSchema.parse(body);
  const session: Session = { token, user, signedInAt: new Date().toISOString() };
  writeSession(session);
  return session;
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
