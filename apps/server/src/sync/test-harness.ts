import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { TestDatabase } from '../db/test-databases.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext } from '../test-support/test-context.js';
import { markRestored } from './rewind.js';

/** Rows of the tables a restore takes back to the backup's point. */
export type ServerBackup = Record<string, Record<string, unknown>[]>;
const restoredTables = ['cases', 'activities', 'change_log', 'devices', 'mutations', 'case_numbers', 'case_number_series', 'sync_counter', 'report_signoffs', 'photos', 'photo_uploads'];

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
    /** A copy of the record's rows, as a backup holds them (accounts and the org are left as they are). */
    async backup(): Promise<ServerBackup> {
      const copy: ServerBackup = {};
      for (const table of restoredTables) copy[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db)).rows;
      return copy;
    },
    /** The server as a restore of `backup` leaves it: its rows back, everything since gone, a new history id. */
    async restore(backup: ServerBackup): Promise<void> {
      const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      for (const table of restoredTables) {
        await db.deleteFrom(table).execute();
        const rows = backup[table] ?? [];
        for (let i = 0; i < rows.length; i += 50) await db.insertInto(table).values(rows.slice(i, i + 50)).execute();
      }
      await markRestored(store, randomUUID());
    },
    close: () => store.close(),
  };
}

export { testDatabases };
