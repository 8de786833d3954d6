import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { isPostgresUrl } from './database-url.js';
import { migrateToLatest } from './migrations.js';
import { registerDirectSqlite, type DirectSqlite } from './direct-sqlite.js';
import { createSqliteReader, registerSqliteReader } from './sqlite-reader.js';
import { encryptClearRows, openKeyring, type PersonalCodec } from '../crypto/keyring.js';
import type { CipherName } from '../crypto/personal-cipher.js';
import { createHash } from 'node:crypto';
import { sealClearRecoveryKeys } from '../auth/recovery-keys.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /**
   * Runs a series of write transactions (a sync push batch) as one group commit: each transaction inside
   * still commits on its own (atomic, visible to the ones after it), but they reach the disk together, once,
   * before this resolves — so a caller that answers after it never acknowledges anything a power cut could
   * undo. Pass `db` to every query inside.
   * - SQLite: the one connection is held for the whole group, so no other request can read a commit that is
   *   not yet on disk (a pull cursor could otherwise pass a row that a crash then loses, and its seq be
   *   reused); the group is one SQLite transaction whose inner transactions are savepoints (sqliteGroupCommit),
   *   committed to the OS cache (synchronous=NORMAL) and the WAL file synced once at the end — exactly the
   *   fsync a synchronous=FULL commit makes, covering every frame written before it.
   * - PostgreSQL: every commit is durable already; `fn` runs on the pool.
   */
  groupCommit<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Seals and opens `cases.personal`: every read and write of party data goes through it. */
  personal: PersonalCodec;
  close(): Promise<void>;
  /** PostgreSQL pool use, for the metrics endpoint. */
  poolStats?: () => { total: number; idle: number; waiting: number };
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
  /** Shown in pg_stat_activity (tests find their own connections by it). */
  applicationName?: string;
  /**
   * The master key that wraps the data keys (crypto/master-key.ts). Without one, a fixed key that is no secret: for
   * tests and benchmarks only (their cached files must open again). The server and its CLIs always pass one.
   */
  masterKey?: Buffer;
  /** Cipher for party data written from now on (CIPHER); default aes-256-gcm. */
  cipher?: CipherName;
  /**
   * Benchmarks' generated copies only (their party data is an empty '{}' per case): leave rows in clear as they are
   * instead of sealing them at open, which is one update per case (a 10,000,000-case copy: most of an hour).
   */
  leaveClearRows?: boolean;
}

const TEST_MASTER_KEY = createHash('sha256').update('tiaojie test master key: not a secret').digest();

/**
 * The same fixed key as MASTER_KEY for a server process that a test starts on a database the test made with
 * createDatabase (no master key): both must read the same data keys. Never for a real server.
 */
export const TEST_MASTER_KEY_BASE64 = TEST_MASTER_KEY.toString('base64');

/** Opens the data keys and encrypts any party data and phones' recovery keys still in clear (rows from before encryption). */
async function openPersonal(db: Kysely<Database>, postgres: boolean, config: DatabaseConfig): Promise<PersonalCodec> {
  const codec = await openKeyring(db, postgres, config.masterKey ?? TEST_MASTER_KEY, config.cipher ?? 'aes-256-gcm');
  if (!config.leaveClearRows) await encryptClearRows(db, codec);
  await sealClearRecoveryKeys(db, codec);
  return codec;
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
  // A push group's mutations are savepoints of one transaction (sqliteGroupCommit): the pages a savepoint may have
  // to roll back are kept in memory (a few per mutation) rather than written to a temporary file.
  sqlite.pragma('temp_store = MEMORY');
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
  if (config.databaseUrl && !isPostgresUrl(config.databaseUrl)) {
    throw new Error('DATABASE_URL is not a postgres:// or postgresql:// URL');
  }
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.poolSize ?? 10,
      application_name: config.applicationName ?? 'tiaojie',
      ...(config.pgSchema ? { options: `-c search_path=${config.pgSchema}` } : {}),
    });
    keepAliveOnConnectionLoss(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrateToLatest(db as Kysely<unknown>);
    const personal = await openPersonal(db, true, config);
    return {
      db,
      dialect: 'postgres',
      groupCommit: (fn) => fn(db),
      personal,
      close: () => db.destroy(),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  let file = config.sqliteFile;
  if (!file) {
    const dir = config.dataDir ?? 'data';
    mkdirSync(dir, { recursive: true });
    file = join(dir, 'tiaojie.sqlite');
  }
  const sqlite = openSqlite(file);
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  registerDirectSqlite(db, statements as unknown as DirectSqlite);
  await migrateToLatest(db as Kysely<unknown>);
  const personal = await openPersonal(db, false, config);
  // A second, read-only connection for reports that read two parts at once (an in-memory database has no file to share).
  const reader = sqlite.memory ? undefined : createSqliteReader(file);
  if (reader) registerSqliteReader(db, reader);
  return {
    db,
    dialect: 'sqlite',
    groupCommit: sqliteGroupCommit(db, sqlite),
    personal,
    close: async () => {
      await reader?.destroy();
      await db.destroy();
    },
  };
}

/**
 * A PostgreSQL connection can end under us (a restart, a failover, pg_terminate_backend). pg reports that as an
 * 'error' event — on the pool for an idle client, on the client for a checked-out one between queries — and an
 * event nobody listens to kills the process. Listening is all it takes: the pool drops the dead client and opens
 * a new one for the next query; a query that was running fails, and onError answers it 503 DATABASE_UNAVAILABLE.
 */
function keepAliveOnConnectionLoss(pool: pg.Pool): void {
  const report = (err: Error) => console.warn(`PostgreSQL connection lost: ${err.message}`);
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
}

/**
 * Exported for its tests; `sync` is the fsync of a file by name.
 *
 * The group runs as ONE SQLite transaction, and each transaction `fn` opens inside it (`db.transaction()`) as a
 * savepoint: still atomic on its own (a failure rolls back that one only, the ones before it stay), visible to the
 * ones after it, and on disk only when the group is (nothing is acknowledged before the sync, as before). What
 * changes is the write-ahead log: a page the group's mutations all touch (the device's mutation log, the change
 * log, the case number series, the indexes) goes to it once per group instead of once per mutation, and the group
 * commits once — measured on the sync bench's push path, commits had been its largest single cost (~1 ms each).
 */
export function sqliteGroupCommit(db: Kysely<Database>, sqlite: SQLite.Database, sync: (file: string) => void = syncFile): Store['groupCommit'] {
  // (an in-memory database has no file to sync)
  const walFile = sqlite.memory ? undefined : `${sqlite.name}-wal`;
  // After a failed fsync, Linux may have dropped the unsynced pages and reports the error only once: a later
  // sync would succeed without them. Nothing more is acknowledged until a restart recovers from what is on disk.
  let syncFailure: unknown;
  return (fn) =>
    db.connection().execute(async (held) => {
      if (syncFailure) throw new Error('an earlier fsync of the database failed; restart the server', { cause: syncFailure });
      await sql`pragma synchronous = NORMAL`.execute(held);
      let failed = false;
      try {
        await sql`begin immediate`.execute(held);
        return await fn(nestedTransactions(held, sqlite));
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        // SQLite rolls a whole transaction back by itself on some errors (a full disk, an I/O error): then the
        // group's earlier savepoints are gone too, and nothing of it may be answered as applied.
        const lost = !sqlite.inTransaction;
        let commitFailure: unknown;
        if (!lost) {
          await sql`commit`.execute(held).catch(async (e: unknown) => {
            commitFailure = e;
            if (sqlite.inTransaction) await sql`rollback`.execute(held).catch(() => undefined);
          });
        }
        await sql`pragma synchronous = FULL`.execute(held);
        try {
          if (walFile) sync(walFile);
        } catch (e) {
          syncFailure = e;
          // (throwing from finally replaces fn's own error, if any: the sync failure is the one that matters)
          // eslint-disable-next-line no-unsafe-finally
          throw e;
        }
        // eslint-disable-next-line no-unsafe-finally
        if (commitFailure) throw commitFailure;
        // eslint-disable-next-line no-unsafe-finally
        if (lost && !failed) throw new Error('SQLite rolled back the group transaction; nothing of it is acknowledged');
      }
    });
}

/**
 * `held` (one connection, inside the group's transaction) for a group's work: `transaction()` opens a savepoint
 * instead of a transaction, and `isTransaction` is true (code that opens a transaction only when it is not in one
 * then nests too). A savepoint asked for after SQLite rolled the group back fails rather than start a new one.
 */
function nestedTransactions(held: Kysely<Database>, sqlite: SQLite.Database): Kysely<Database> {
  let depth = 0;
  // Run on better-sqlite3 itself (the group holds the one connection): two per pushed mutation, and building each
  // through Kysely cost more than SQLite's work for them.
  const run = (statement: string) => void savepointStatement(sqlite, statement).run();
  const transaction = () => ({
    async execute<T>(callback: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      if (!sqlite.inTransaction) throw new Error('SQLite rolled back the group transaction');
      const name = `nested_${++depth}`;
      run(`savepoint ${name}`);
      try {
        const result = await callback(nested as Transaction<Database>);
        run(`release ${name}`);
        return result;
      } catch (e) {
        if (sqlite.inTransaction) {
          run(`rollback to ${name}`);
          run(`release ${name}`);
        }
        throw e;
      } finally {
        depth--;
      }
    },
  });
  // Kysely keeps its state in private fields: every other member is the real one, called on the real object. A
  // method is bound once per group, not at every access (each statement of a pushed mutation reads several).
  const bound = new Map<PropertyKey, { of: unknown; fn: unknown }>();
  const nested: Kysely<Database> = new Proxy(held, {
    get(target, prop) {
      if (prop === 'transaction') return transaction;
      if (prop === 'isTransaction') return true;
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      let method = bound.get(prop);
      if (method?.of !== value) bound.set(prop, (method = { of: value, fn: (value as (...a: unknown[]) => unknown).bind(target) }));
      return method.fn;
    },
  });
  return nested;
}

const savepointStatements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();
function savepointStatement(sqlite: SQLite.Database, text: string): SQLite.Statement {
  let cache = savepointStatements.get(sqlite);
  if (!cache) savepointStatements.set(sqlite, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = sqlite.prepare(text)));
  return statement;
}

/** fsync of a file by name (Linux flushes the file, whichever descriptor asks); a file not there has nothing to sync. */
function syncFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
