import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './create-database.js';
import { testDatabases } from './test-databases.js';

describe.each(testDatabases())('store on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('migrates an empty database and starts the server sequence at 0', async () => {
    store = await create();
    const row = await store.db.selectFrom('sync_counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(row.value).toBe(0);
  });

  it('orders paths bytewise so a subtree is one range', async () => {
    store = await create();
    const nodes = [
      { id: 'd1', path: '/d1/' },
      { id: 's1', path: '/d1/s1/' },
      { id: 'c1', path: '/d1/s1/c1/' },
      { id: 'c10', path: '/d1/s1/c10/' },
      { id: 'c1-a', path: '/d1/s1/c1-a/' },
    ];
    for (const [i, n] of nodes.entries()) {
      await store.db
        .insertInto('org_nodes')
        .values({ id: n.id, parent_id: null, kind: 'community', name: n.id, path: n.path, sort_order: i })
        .execute();
    }
    const inC1 = await store.db
      .selectFrom('org_nodes')
      .select('id')
      .where('path', '>=', '/d1/s1/c1/')
      .where('path', '<', sql<string>`${'/d1/s1/c1/'} || '~'`)
      .execute();
    expect(inC1.map((r) => r.id)).toEqual(['c1']);
  });
});

describe('migrations', () => {
  it('adopt the record of a database migrated by the previous (Kysely) runner', async () => {
    const { default: SQLite } = await import('better-sqlite3');
    const { Kysely, SqliteDialect, Migrator } = await import('kysely');
    const { foundationMigration } = await import('./migrations/001-foundation.js');
    const { reportsMigration } = await import('./migrations/003-reports.js');
    const { migrateToLatest } = await import('./migrations.js');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => ({ '001-foundation': foundationMigration, '003-reports': reportsMigration }) },
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await migrateToLatest(db);
    await migrateToLatest(db);
    const { sql } = await import('kysely');
    const rows = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
    // The adopted record, then the migrations added since.
    expect(rows.rows.map((r) => r.name)).toEqual(['001-foundation', '003-reports', '004-report-covering', '005-report-month-order']);
    await db.destroy();
  });
});
