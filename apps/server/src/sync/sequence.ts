import type { Transaction } from 'kysely';
import type { Database, DialectName } from '../db/index.js';
import { prepared } from './prepared.js';

/**
 * Takes the next server sequence. Call it after all reads and checks, right before the writes.
 * - PostgreSQL: the sync_counter row lock it takes is held until commit, so transactions commit in seq order and a
 *   pull cursor (seq > cursor) can never pass over a row that commits later with a smaller seq.
 * - SQLite: write transactions never overlap, and every seq taken is written to the change log in the same
 *   transaction (a pull cursor is always a logged seq), so the next seq is one past the log's last: one read of the
 *   log's last key instead of a counter row to rewrite and sync at each commit. (The log is never pruned.)
 */
export async function takeNextSeq(trx: Transaction<Database>, dialect: DialectName): Promise<number> {
  const [row] = dialect === 'sqlite' ? await nextLoggedSeq(trx, {}) : await incrementCounter(trx, {});
  if (!row) throw new Error('sync_counter row 1 is missing'); // (PostgreSQL only: SQLite's read always answers a row)
  return Number(row.value);
}

const incrementCounter = prepared([], (db) =>
  db
    .updateTable('sync_counter')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('id', '=', 1)
    .returning('value'),
);

const nextLoggedSeq = prepared([], (db) => db.selectFrom('change_log').select((eb) => eb(eb.fn.coalesce(eb.fn.max('seq'), eb.lit(0)), '+', 1).as('value')));
