import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { User } from '@tiaojie/domain';
import { deviceId, writeSession } from '../api/session.ts';
import { StoreProvider } from '../app/store-context.tsx';
import { openLocalStore, type LocalStore } from '../storage/index.ts';

let seq = 0;

/** A grid worker of their own, so every test gets a fresh IndexedDB database (fake-indexeddb). */
export function testUser(overrides: Partial<User> = {}): User {
  seq += 1;
  return { id: `u-${Date.now().toString(36)}-${seq}`, username: 'grid01', displayName: '网格员01', role: 'grid_worker', nodeId: 'g01', nodePath: '/d1/s1/c1/g01/', nodeName: '东湖社区第1网格', ...overrides };
}

/**
 * Renders `ui` inside the real StoreProvider for a signed-in user on a phone with no network (every fetch
 * fails), and returns a second handle on the same local database for arranging and checking data.
 */
export async function renderOffline(ui: ReactNode, user: User = testUser()): Promise<RenderResult & { store: LocalStore; user: User }> {
  vi.stubGlobal('fetch', async () => {
    throw new TypeError('Failed to fetch');
  });
  writeSession({ token: 'test-token', user, signedInAt: new Date().toISOString() });
  const store = await openLocalStore({ user, deviceId: deviceId() });
  const result = render(<StoreProvider user={user}>{ui}</StoreProvider>);
  return { ...result, store, user };
}
