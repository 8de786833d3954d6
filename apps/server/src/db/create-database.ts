import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrations.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** postgres://… selects PostgreSQL; otherwise the embedded SQLite file under dataDir. */
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** ':memory:' for tests. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests isolate themselves this way). */
  pgSchema?: string;
  poolSize?: number;
}

// int8 (bigint) and numeric come back as strings by default; our sequences and sums fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function openSqlite(file: string): SQLite.Database {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a sync acknowledgement means the row is on disk, not just in the OS cache.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoint the WAL into the database every ~40 MB instead of SQLite's default ~4 MB: a checkpoint syncs both
  // files and rewrites every page the WAL holds, and with a commit synced per pushed mutation the default made one
  // checkpoint every ~50 mutations (ingest of 1,000 case.create 10-15% faster measured; the raw baseline of the sync
  // bench opens its file here too). Readers find pages through the WAL index either way.
  sqlite.pragma('wal_autocheckpoint = 10000');
  return sqlite;
}

/**
 * Kysely prepares every query anew; with better-sqlite3 that is a large share of a small write's cost.
 * Prepared statements are reused by SQL text (bounded, since `in (…)` lists vary in length).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        if (cache.size >= 500) cache.clear();
        stmt = sqlite.prepare(sqlText);
        cache.set(sqlText, stmt);
      }
      return stmt as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}

export async function createDatabase(config: DatabaseConfig = {}): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: DialectName;
  if (config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize ?? 10,
      ...(config.pgSchema ? { options: `-c search_path=${config.pgSchema}` } : {}),
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialect = 'postgres';
  } else {
    let file = config.sqliteFile;
    if (!file) {
      const dir = config.dataDir ?? 'data';
      mkdirSync(dir, { recursive: true });
      file = join(dir, 'tiaojie.sqlite');
    }
    const sqlite = openSqlite(file);
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    dialect = 'sqlite';
  }
  await migrateToLatest(db as Kysely<unknown>);
  return { db, dialect, close: () => db.destroy() };
}
