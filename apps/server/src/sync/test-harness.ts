import { sql } from 'kysely';
import type { TestDatabase } from '../db/test-databases.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext } from '../test-support/test-context.js';

/**
 * The real app over a fresh test database, shaped for the web storage tests and the sync benchmark, which
 * use `app.request` (or a socket) as their network. Not imported by production code.
 */
export async function startSyncTestServer(database: TestDatabase) {
  const store = await database.create();
  const ctx = await createTestContext(store);
  return {
    name: database.name,
    app: ctx.app,
    fetch: async (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
      ctx.app.request(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init),
    login: (username: string, deviceId?: string) => ctx.login(username, deviceId),
    async query<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]> {
      const parts = text.split('?');
      const query = sql.join(
        parts.map((p, i) => (i < params.length ? sql`${sql.raw(p)}${params[i]}` : sql.raw(p))),
        sql``,
      );
      return (await sql<T>`${query}`.execute(store.db)).rows;
    },
    close: () => store.close(),
  };
}

export { testDatabases };
