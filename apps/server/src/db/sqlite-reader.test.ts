import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, sqliteReaderOf, type Store } from './index.js';

describe('the read-only connection of a SQLite file, in a worker thread', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiaojie-reader-'));
    store = await createDatabase({ sqliteFile: join(dir, 'tiaojie.sqlite') });
    await sql`create table t (n integer not null)`.execute(store.db);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const count = async (db: typeof store.db) => Number((await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!.n);

  it('reads what the store committed, in transactions of its own one after another', async () => {
    const reader = sqliteReaderOf(store.db)!;
    expect(reader).toBeDefined();
    await sql`insert into t values (1), (2)`.execute(store.db);
    expect(await count(reader)).toBe(2);
    // Both transactions ask at once; the one connection takes them in turn.
    const seen = await Promise.all([1, 2].map(() => reader.transaction().execute(async (trx) => [await count(trx), await count(trx)])));
    expect(seen).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });

  it('keeps its snapshot for a read transaction while the store writes', async () => {
    const reader = sqliteReaderOf(store.db)!;
    const seen = await reader.transaction().execute(async (trx) => {
      const before = await count(trx);
      await sql`insert into t values (3)`.execute(store.db);
      return [before, await count(trx)];
    });
    expect(seen).toEqual([0, 0]);
    expect(await count(reader)).toBe(1);
  });

  it('refuses writes and answers a failing query with its error, then goes on', async () => {
    const reader = sqliteReaderOf(store.db)!;
    await expect(sql`insert into t values (1)`.execute(reader)).rejects.toThrow(/readonly/);
    await expect(sql`select * from no_such_table`.execute(reader)).rejects.toThrow(/no such table/);
    expect(await count(reader)).toBe(0);
  });

  it('is not there for an in-memory database', async () => {
    const memory = await createDatabase({ sqliteFile: ':memory:' });
    expect(sqliteReaderOf(memory.db)).toBeUndefined();
    await memory.close();
  });
});
