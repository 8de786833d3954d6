import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase, type Store } from './create-database.js';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty store; close it after the test. */
  create(): Promise<Store>;
  /**
   * `n` stores on ONE fresh database, each with its own connections: what `n` server instances see. Closing the
   * first drops the database (close the others before it).
   */
  createShared(n: number): Promise<Store[]>;
}

/**
 * The databases a store test suite runs against: in-memory SQLite always, and the real PostgreSQL
 * when TEST_DATABASE_URL is set. Each PostgreSQL store lives in its own schema, dropped on close.
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      name: 'sqlite',
      create: () => createDatabase({ sqliteFile: ':memory:' }),
      async createShared(n) {
        const dir = await mkdtemp(join(tmpdir(), 'tiaojie-shared-'));
        const file = join(dir, 'tiaojie.sqlite');
        const stores: Store[] = [];
        for (let i = 0; i < n; i++) stores.push(await createDatabase({ sqliteFile: file }));
        const first = stores[0]!;
        stores[0] = { ...first, close: () => first.close().then(() => rm(dir, { recursive: true, force: true })) };
        return stores;
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'postgres',
      async createShared(n) {
        const first = await this.create();
        const schema = (await sqlSchema(first)) as string;
        const stores = [first];
        for (let i = 1; i < n; i++) stores.push(await createDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 5 }));
        return stores;
      },
      async create() {
        const schema = `t_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        await admin.end();
        const store = await createDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 5 });
        return {
          ...store,
          async close() {
            await store.close();
            const c = new pg.Client({ connectionString: url });
            await c.connect();
            await c.query(`drop schema ${schema} cascade`);
            await c.end();
          },
        };
      },
    });
  }
  return list;
}

async function sqlSchema(store: Store): Promise<string> {
  const r = await sql<{ s: string }>`select current_schema() as s`.execute(store.db);
  return r.rows[0]!.s;
}
