/**
 * The real server app as the network for storage tests: its Hono `app.request` stands in for fetch.
 * Loaded by dynamic import of a runtime path, so the web app's type graph and bundle never include
 * server code; only Vitest (in Node) follows it.
 */
export interface ServerHarness {
  name: 'sqlite' | 'postgres';
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  login(username: string, deviceId?: string): Promise<string>;
  /** SQL against the server's database, `?` placeholders. */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** A copy of the server's record as a backup holds it. */
  backup(): Promise<unknown>;
  /** Takes the server back to `backup`, with a new history id (a restore to an older point). */
  restore(backup: unknown): Promise<void>;
  close(): Promise<void>;
}

export interface ServerDatabase {
  name: 'sqlite' | 'postgres';
}

interface HarnessModule {
  testDatabases(): ServerDatabase[];
  startSyncTestServer(database: ServerDatabase): Promise<ServerHarness>;
}

const harnessPath = new URL('../../../../server/src/sync/test-harness.ts', import.meta.url).pathname;
const load = () => import(/* @vite-ignore */ harnessPath) as Promise<HarnessModule>;

/** In-memory SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export async function serverDatabases(): Promise<ServerDatabase[]> {
  return (await load()).testDatabases();
}

export async function startServer(database: ServerDatabase): Promise<ServerHarness> {
  return (await load()).startSyncTestServer(database);
}
