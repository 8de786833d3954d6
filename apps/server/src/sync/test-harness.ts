import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TestDatabase } from '../db/test-databases.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext } from '../test-support/test-context.js';
import { markRestored } from './rewind.js';

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
    /**
     * The server as a restore to an older point leaves it: everything after `seq` gone (records, log, mutation
     * results, device positions, case numbers), and a new history id, as the restore command gives.
     */
    async rewindTo(seq: number): Promise<void> {
      for (const table of ['cases', 'activities', 'change_log', 'mutations']) await sql`delete from ${sql.table(table)} where seq > ${seq}`.execute(store.db);
      await sql`update devices set last_mutation_id = coalesce((select max(m.mutation_id) from mutations m where m.device_id = devices.device_id), 0)`.execute(store.db);
      await sql`delete from case_numbers where case_id not in (select id from cases)`.execute(store.db);
      await sql`update case_number_series set last_value = coalesce((select max(n.value) from case_numbers n where n.series_key = case_number_series.series_key), 0)`.execute(store.db);
      if (store.dialect === 'postgres') await sql`update sync_counter set value = ${seq} where id = 1`.execute(store.db);
      await markRestored(store, randomUUID());
    },
    close: () => store.close(),
  };
}

export { testDatabases };
