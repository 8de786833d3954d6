import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Store } from './create-database.js';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty store; close it after the test. */
  create(): Promise<Store>;
}

/**
 * The databases a store test suite runs against: in-memory SQLite always, and the real PostgreSQL
 * when TEST_DATABASE_URL is set. Each PostgreSQL store lives in its own schema, dropped on close.
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'sqlite', create: () => createDatabase({ sqliteFile: ':memory:' }) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'postgres',
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
