import type { Kysely } from 'kysely';

/** What a statement of better-sqlite3 offers that a direct run needs. */
interface DirectStatement {
  reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): unknown;
}

export interface DirectSqlite {
  prepare(sqlText: string): DirectStatement;
}

/** Keyed by a Kysely instance's dialect adapter, which its transactions and held connections share. */
const directByAdapter = new WeakMap<object, DirectSqlite>();

/** Called once by createDatabase for a SQLite store: statements of its transactions may then run directly. */
export function registerDirectSqlite<DB>(db: Kysely<DB>, database: DirectSqlite): void {
  directByAdapter.set(db.getExecutor().adapter, database);
}

/**
 * Runs a compiled statement straight on better-sqlite3 when `db` is a SQLite transaction (or a group commit's
 * held connection): Kysely's executor (connection mutex, plugins, several promise hops) cost more CPU per small
 * statement of the push path than SQLite took to run it. Only inside a transaction: Kysely holds SQLite's one
 * connection for it, so nothing else can run between; outside one, another request's transaction could be open
 * on the connection. Same semantics as Kysely's SQLite driver: a statement that returns rows answers them (an
 * insert … returning too), any other answers none. Undefined: not SQLite, or not in a transaction.
 */
export function runDirect<Row>(db: Kysely<unknown> | { isTransaction: boolean; getExecutor(): { adapter: object } }, sqlText: string, parameters: readonly unknown[]): Row[] | undefined {
  if (!db.isTransaction) return undefined;
  const direct = directByAdapter.get(db.getExecutor().adapter);
  if (!direct) return undefined;
  const statement = direct.prepare(sqlText);
  if (statement.reader) return statement.all(parameters) as Row[];
  statement.run(parameters);
  return [];
}
