import { createHmac } from 'node:crypto';
import type { DisputeCase } from '@tiaojie/domain';
import type { Transaction } from 'kysely';
import type { Database, Store } from '../db/index.js';
import { prepared } from '../sync/prepared.js';
import { rowToCase } from './case-row.js';
import { nameHashOf } from './party-disclosure.js';

/** The keyed hashes of a case's party names (an organisation's name and its contact person's), without repeats. */
export function partyNameHashes(c: Pick<DisputeCase, 'parties'>, hashKey: Buffer): string[] {
  const out = new Set<string>();
  for (const party of Object.values(c.parties)) {
    const p = party.personal as { name?: unknown; contactName?: unknown } | undefined;
    for (const name of [p?.name, p?.contactName]) if (typeof name === 'string' && name.trim()) out.add(nameHashOf(hashKey, name));
  }
  return [...out].sort();
}

/**
 * Keeps `case_party_names` equal to the case's parties, in the writing transaction: reads the case's few hashes
 * (an index lookup) and writes only when they differ (most edits do not touch parties).
 */
export async function writePartyNames(trx: Transaction<Database>, caseId: string, hashes: string[]): Promise<void> {
  // A new case's id can still have rows: a database restored (or rewound) to a point before the case, whose later
  // rows of this table came back with it, or a case written again after such a restore. They go first.
  const held = (await heldNames(trx, { caseId })).map((r) => r.name_hash);
  if (held.length === hashes.length && held.every((h, i) => h === hashes[i])) return;
  if (held.length > 0) await deleteNames(trx, { caseId });
  for (const nameHash of hashes) await insertName(trx, { nameHash, caseId });
}

// Prepared (compiled once): every pushed case write runs them.
const heldNames = prepared(['caseId'], (db, p) => db.selectFrom('case_party_names').select('name_hash').where('case_id', '=', p.caseId).orderBy('name_hash'));
const deleteNames = prepared(['caseId'], (db, p) => db.deleteFrom('case_party_names').where('case_id', '=', p.caseId));
const insertName = prepared(['nameHash', 'caseId'], (db, p) => db.insertInto('case_party_names').values({ name_hash: p.nameHash, case_id: p.caseId }));

/**
 * Marks in `server_meta` that every case's names are hashed under the current hash key: its value is the key's
 * fingerprint, so a master-key rotation (which derives a new hash key) makes the next start hash them again.
 */
const DONE = 'party_names_indexed';
const fingerprintOf = (hashKey: Buffer) => createHmac('sha256', hashKey).update('case_party_names').digest('base64url').slice(0, 22);

/**
 * Indexes the party names of cases stored before `case_party_names` existed (or under an older hash key): at start, in
 * batches by id (each batch its own transaction; a case written meanwhile was indexed by its writer, and writing
 * the same hashes again is skipped). Returns how many cases it read.
 */
export async function indexExistingPartyNames(store: Store, batch = 500): Promise<number> {
  const fingerprint = fingerprintOf(store.personal.hashKey);
  const done = await store.db.selectFrom('server_meta').select('value').where('key', '=', DONE).executeTakeFirst();
  if (done?.value === fingerprint) return 0;
  let after = '';
  let read = 0;
  for (;;) {
    const rows = await store.db.selectFrom('cases').select(['id', 'doc', 'personal']).where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    await store.db.transaction().execute(async (trx) => {
      for (const row of rows) await writePartyNames(trx, row.id, partyNameHashes(rowToCase(row, store.personal), store.personal.hashKey));
    });
    read += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  await store.db
    .insertInto('server_meta')
    .values({ key: DONE, value: fingerprint })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: fingerprint }))
    .execute();
  return read;
}
