import type { Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import { prepared } from './prepared.js';

/**
 * Takes the next server sequence. Call it after all reads and checks, right before the writes: on PostgreSQL
 * the row lock it takes is held until commit, so transactions commit in seq order and a pull cursor
 * (seq > cursor) can never pass over a row that commits later with a smaller seq.
 */
export async function takeNextSeq(trx: Transaction<Database>): Promise<number> {
  const [row] = await incrementCounter(trx, {});
  if (!row) throw new Error('sync_counter row 1 is missing');
  return Number(row.value);
}

const incrementCounter = prepared([], (db) =>
  db
    .updateTable('sync_counter')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('id', '=', 1)
    .returning('value'),
);
