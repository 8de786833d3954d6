import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './create-database.js';
import { runDirect } from './direct-sqlite.js';
import { testDatabases } from './test-databases.js';

describe('runDirect', () => {
  it('runs on SQLite inside a transaction or a group commit, and never outside one', async () => {
    const store = await createDatabase({ sqliteFile: ':memory:' });
    try {
      await sql`create table probe (n integer primary key, v text)`.execute(store.db);
      expect(runDirect(store.db, 'select 1 as x', [])).toBeUndefined();
      await store.db.transaction().execute(async (trx) => {
        // (a write answers no rows; one with returning answers them, as Kysely's driver does)
        expect(runDirect(trx, 'insert into probe (n, v) values (?, ?)', [1, 'a'])).toEqual([]);
        expect(runDirect(trx, 'insert into probe (n, v) values (?, ?) returning v', [2, 'b'])).toEqual([{ v: 'b' }]);
      });
      await store.groupCommit((db) =>
        db.transaction().execute(async (trx) => {
          expect(runDirect(trx, 'select v from probe order by n', [])).toEqual([{ v: 'a' }, { v: 'b' }]);
        }),
      );
      // A failed transaction rolls back what ran directly inside it.
      await expect(
        store.db.transaction().execute(async (trx) => {
          runDirect(trx, 'insert into probe (n, v) values (?, ?)', [3, 'c']);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect((await store.db.selectFrom('probe' as never).selectAll().execute()).length).toBe(2);
    } finally {
      await store.close();
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)('leaves PostgreSQL to Kysely', async () => {
    const postgres = testDatabases().find((d) => d.name === 'postgres')!;
    const store = await postgres.create();
    try {
      await store.db.transaction().execute(async (trx) => {
        expect(runDirect(trx, 'select 1 as x', [])).toBeUndefined();
      });
    } finally {
      await store.close();
    }
  });
});
