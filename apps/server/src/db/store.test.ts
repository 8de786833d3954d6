import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './create-database.js';
import { migrateToLatest } from './migrations.js';
import { foundationMigration } from './migrations/001-foundation.js';
import { reportsMigration } from './migrations/003-reports.js';
import { testDatabases } from './test-databases.js';

/** An in-memory SQLite database as Kysely's Migrator left it after `migrations` (how older servers migrated). */
async function sqliteMigratedBy(migrations: Record<string, Migration>) {
  const sqlite = new SQLite(':memory:');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  return { sqlite, db };
}

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
    const { db } = await sqliteMigratedBy({ '001-foundation': foundationMigration, '003-reports': reportsMigration });
    await migrateToLatest(db);
    await migrateToLatest(db);
    const rows = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
    // The adopted record, then the migrations added since.
    expect(rows.rows.map((r) => r.name)).toEqual(['001-foundation', '003-reports', '004-report-covering', '005-report-month-order', '006-sqlite-clustered-logs', '007-login-throttle', '008-photo-uploads', '009-case-numbers', '010-server-history', '011-data-keys', '012-audit-events', '013-session-controls', '015-mediation-stats', '016-risk-grades', '017-file-completeness', '018-staff-search', '019-device-recovery-keys', '020-intake-channels', '021-stats-signoff', '022-shared-state', '023-stats-months', '024-stats-rollup', '025-report-rollup']);
    await db.destroy();
  });
});

describe('migration 006 on SQLite', () => {
  it('keeps every change log row and stored mutation result while clustering both tables by their keys', async () => {
    const { sqlite, db } = await sqliteMigratedBy({ '001-foundation': foundationMigration });
    sqlite.exec(`insert into change_log (seq, entity, entity_id, scope_path, op) values
      (1, 'case', 'k1', '/d1/s1/c1/g01/', 'upsert'), (2, 'case', 'k1', '/d1/s1/c1/', 'upsert'), (2, 'case', 'k1', '/d1/s1/c1/g01/', 'exit')`);
    sqlite.exec(`insert into mutations (device_id, mutation_id, user_id, name, status, result, seq, client_time, received_at) values
      ('phone-1', 1, 'u1', 'case.create', 'applied', '{"id":1,"status":"applied","seq":1}', 1, 'x', 'y'),
      ('phone-1', 2, 'u1', 'case.transition', 'applied', '{"id":2,"status":"applied","seq":2}', 2, 'x', 'y')`);
    await migrateToLatest(db);
    const ddl = (name: string) => (sqlite.prepare(`select sql from sqlite_master where type = 'table' and name = ?`).get(name) as { sql: string }).sql;
    expect(ddl('change_log')).toMatch(/without rowid/i);
    expect(ddl('mutations')).toMatch(/without rowid/i);
    expect(sqlite.prepare('select seq, entity_id, scope_path, op from change_log order by seq, scope_path').all()).toEqual([
      { seq: 1, entity_id: 'k1', scope_path: '/d1/s1/c1/g01/', op: 'upsert' },
      { seq: 2, entity_id: 'k1', scope_path: '/d1/s1/c1/', op: 'upsert' },
      { seq: 2, entity_id: 'k1', scope_path: '/d1/s1/c1/g01/', op: 'exit' },
    ]);
    expect(sqlite.prepare('select mutation_id, result from mutations order by mutation_id').all()).toEqual([
      { mutation_id: 1, result: '{"id":1,"status":"applied","seq":1}' },
      { mutation_id: 2, result: '{"id":2,"status":"applied","seq":2}' },
    ]);
    // The keys stay unique: a second row for (device, id) is refused.
    expect(() => sqlite.exec(`insert into mutations (device_id, mutation_id, user_id, name, status, result, received_at) values ('phone-1', 2, 'u1', 'x', 'x', '{}', 'y')`)).toThrow(/UNIQUE/);
    await db.destroy();
  });
});
