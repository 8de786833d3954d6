import { useSyncExternalStore } from 'react';
import type { User } from '@tiaojie/domain';
import { readSession, subscribeSession, type Session } from '../api/session.ts';

export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, readSession, () => null);
}

export function useCurrentUser(): User | null {
  return useSession()?.user ?? null;
}
