import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Database } from './schema.js';

/**
 * A second, read-only connection to a SQLite file, in a worker thread: better-sqlite3 runs each query on the calling
 * thread, so reads on the main connection and on this one use two cores (WAL lets readers run alongside each other
 * and the writer). Each read transaction has its own snapshot: what it reads and what the main connection reads at
 * the same time may differ by the commits in between (as two PostgreSQL connections under READ COMMITTED), and it
 * may see a push group's commit a moment before that group's fsync (the main connection, held by the group, cannot).
 * Started on first use, so stores that never read in parallel start no thread.
 *
 * The worker is JavaScript in a string so that it runs the same under tsx, vitest and node (no TypeScript loader in a
 * worker); it only prepares and runs the SQL the main thread compiled.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 200) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    const rows = statement.reader ? statement.all(...parameters) : (statement.run(...parameters), []);
    parentPort.postMessage({ id, rows });
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) });
  }
});
`;

type Reply = { id: number; rows: Record<string, unknown>[] } | { id: number; error: string };

function startWorker(file: string) {
  const worker = new Worker(workerSource, { eval: true, workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') } });
  const pending = new Map<number, { resolve: (rows: Record<string, unknown>[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  // Only a pending query keeps the process alive (a store nobody closes must not hold it open).
  worker.unref();
  worker.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if ('error' in reply) p?.reject(new Error(reply.error));
    else p?.resolve(reply.rows);
  });
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('the SQLite reader thread ended')));
  return {
    run(sql: string, parameters: readonly unknown[]) {
      return new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, sql, parameters });
      });
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * One connection: Kysely runs one query or transaction on it at a time. `begin` is sent without waiting for its
 * answer (the worker answers in order; a failed begin fails the transaction's first query), so that a transaction's
 * first query is on its way before the main thread blocks in a query of its own.
 */
class ReaderDriver implements Driver {
  private worker: ReturnType<typeof startWorker> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;
  private begun: Promise<unknown> | undefined;
  private readonly connection: DatabaseConnection = {
    executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
      const rows = this.worker!.run(query.sql, query.parameters);
      const begun = this.begun;
      this.begun = undefined;
      if (begun) await begun;
      return { rows: (await rows) as R[] };
    },
    streamQuery: () => {
      throw new Error('the SQLite reader does not stream');
    },
  };

  constructor(private readonly file: string) {}

  async init() {
    this.worker = startWorker(this.file);
  }

  async acquireConnection() {
    const before = this.queue;
    let release!: () => void;
    this.queue = new Promise((r) => (release = r));
    await before;
    this.release = release;
    return this.connection;
  }

  async beginTransaction() {
    const begun = this.worker!.run('begin', []);
    // (awaited by the next query; until then a rejection is not unhandled)
    begun.catch(() => undefined);
    this.begun = begun;
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    this.begun = undefined;
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection() {
    this.release?.();
  }

  async destroy() {
    await this.worker?.terminate();
  }
}

/** A Kysely over a read-only connection to `file` in a worker thread (started on the first query). */
export function createSqliteReader(file: string): Kysely<Database> {
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ReaderDriver(file),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
  return new Kysely<Database>({ dialect });
}

const readers = new WeakMap<Kysely<Database>, Kysely<Database>>();

/** Registers the reader of a SQLite store's main Kysely (createDatabase does, for a file). */
export function registerSqliteReader(db: Kysely<Database>, reader: Kysely<Database>): void {
  readers.set(db, reader);
}

/** The store's second, read-only connection in a worker thread, if it has one (a SQLite file; not in memory). */
export function sqliteReaderOf(db: Kysely<Database>): Kysely<Database> | undefined {
  return readers.get(db);
}
