import { userSchema } from '@tiaojie/domain';
import { z } from 'zod';
import { forgetHomeSnapshot } from '../boot/home-snapshot.ts';

/**
 * The signed-in session, kept in localStorage so a grid worker stays signed in for days without signal.
 * Only an explicit logout or the server answering UNAUTHENTICATED ends it — never a network error.
 */
const sessionSchema = z.object({ token: z.string().min(1), user: userSchema, signedInAt: z.string() });
export type Session = z.infer<typeof sessionSchema>;

const SESSION_KEY = 'tiaojie.session';
const DEVICE_KEY = 'tiaojie.deviceId';

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();
let cached: Session | null | undefined;

export function readSession(): Session | null {
  if (cached !== undefined) return cached;
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    const parsed = raw ? sessionSchema.safeParse(JSON.parse(raw)) : null;
    cached = parsed?.success ? parsed.data : null;
  } catch {
    cached = null;
  }
  return cached;
}

export function writeSession(session: Session | null): void {
  cached = session;
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else {
    localStorage.removeItem(SESSION_KEY);
    // What home last showed goes with the session: a shared phone's next user never sees it.
    forgetHomeSnapshot();
  }
  for (const l of listeners) l(session);
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** One id per installation; the server keys tokens and mutation ids by it. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** Test hook: forget the in-memory copy so the next read goes to localStorage. */
export function resetSessionCacheForTests(): void {
  cached = undefined;
}
