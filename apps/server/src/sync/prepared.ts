import { CompiledQuery, type Compilable, type Kysely, type Transaction } from 'kysely';
import { runDirect, type Database } from '../db/index.js';

const SLOT = '\u0000slot:';

/**
 * A statement Kysely builds and compiles once per database, then runs again with new values. Building and
 * compiling a query costs more CPU than SQLite needs to run a small insert, and every pushed mutation runs
 * the same few statements. `build` receives one placeholder per name; each compiled parameter that is a
 * placeholder is filled from `values` on every run, the others (constants in the query) are kept.
 */
export function prepared<Name extends string, Row = unknown>(
  names: readonly Name[],
  build: (db: Kysely<Database>, slots: Record<Name, never>) => Compilable<Row>,
) {
  // Keyed by the database's dialect adapter: one per Kysely instance, shared by all its transactions.
  const compiledFor = new WeakMap<object, { sql: string; slots: (Name | undefined)[]; parameters: readonly unknown[] }>();
  return async (trx: Transaction<Database>, values: Record<Name, unknown>): Promise<Row[]> => {
    const database = trx.getExecutor().adapter;
    let compiled = compiledFor.get(database);
    if (!compiled) {
      const slots = Object.fromEntries(names.map((n) => [n, `${SLOT}${n}`])) as unknown as Record<Name, never>;
      const query = build(trx, slots).compile();
      const named = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? (p.slice(SLOT.length) as Name) : undefined));
      const missing = names.filter((n) => !named.includes(n));
      if (missing.length) throw new Error(`prepared statement does not use ${missing.join(', ')}: ${query.sql}`);
      compiled = { sql: query.sql, slots: named, parameters: query.parameters };
      compiledFor.set(database, compiled);
    }
    const { slots, parameters } = compiled;
    const params = slots.map((name, i) => (name === undefined ? parameters[i] : values[name]));
    const direct = runDirect<Row>(trx, compiled.sql, params);
    if (direct) return direct;
    return (await trx.executeQuery<Row>(CompiledQuery.raw(compiled.sql, params))).rows;
  };
}
