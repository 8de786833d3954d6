import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../app.js';
import type { Store } from '../db/index.js';
import type { AppConfig } from '../http/app-env.js';
import { DEMO_PASSWORD, demoAccounts, seedDemoOrg } from '../seed/index.js';

/** The header by which a test request says which address it comes from (see createTestContext). */
export const TEST_PEER_HEADER = 'x-test-peer';

export interface TestContext {
  app: App;
  store: Store;
  config: AppConfig;
  /** Logs in a demo account (see seed/demo-org.ts) and returns its bearer token. */
  login(username: string, deviceId?: string): Promise<string>;
  /** `app.request` with JSON body and bearer token. */
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  users: typeof demoAccounts;
}

/**
 * A real app over `store` with the demo org and accounts: district d1 → sub-district s1 → communities c1 (g01–g03),
 * c2 (g04–g07), c3 (g08–g10); users grid01…grid10, community01…03, street (s1), district, admin.
 */
export async function createTestContext(store: Store, overrides: Partial<AppConfig> = {}): Promise<TestContext> {
  await seedDemoOrg(store);
  const config: AppConfig = {
    dataDir: mkdtempSync(join(tmpdir(), 'tiaojie-test-')),
    tokenTtlDays: 30,
    production: false,
    ...overrides,
  };
  // `app.request` has no socket: a test names its client's address in this header (default one documentation address).
  const app = createApp({ store, config, peerAddress: (c) => c.req.header(TEST_PEER_HEADER) ?? '192.0.2.1' });
  const request: TestContext['request'] = (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    return Promise.resolve(app.request(path, { method, headers, body }));
  };
  const login = async (username: string, deviceId = `test-device-${username}`) => {
    const res = await request('POST', '/api/auth/login', { body: { username, password: DEMO_PASSWORD, deviceId } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  return { app, store, config, login, request, users: demoAccounts };
}
