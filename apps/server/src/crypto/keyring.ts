import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { cipherNames, isSealed, masterKeyId, open, seal, unwrapKey, wrapKey, type CipherName, type DataKey } from './personal-cipher.js';

/**
 * The one layer party data passes through on its way into and out of `cases.personal`: every write seals it under
 * the active data key, every read opens it (clear text written before encryption, or by test fixtures, reads as is
 * until the start-up pass encrypts it).
 */
export interface PersonalCodec {
  readonly cipher: CipherName;
  seal(plain: string): string;
  open(stored: string): string;
  /** HMAC key for the keyed hashes of ID numbers and phones (duplicate checks on masked data); derived from the master key. */
  readonly hashKey: Buffer;
}

export function isCipherName(v: string): v is CipherName {
  return (cipherNames as readonly string[]).includes(v);
}

/**
 * Loads (and unwraps) the data keys, creating the active one for `cipher` if there is none. PostgreSQL servers
 * starting together serialise on an advisory lock, so only one of them creates it.
 */
export async function openKeyring(db: Kysely<Database>, postgres: boolean, master: Buffer, cipher: CipherName): Promise<PersonalCodec> {
  const keys = new Map<string, DataKey>();
  let active: DataKey | undefined;
  await db.transaction().execute(async (trx) => {
    if (postgres) await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.data_keys'))`.execute(trx);
    const rows = await trx.selectFrom('data_keys').selectAll().execute();
    for (const r of rows) {
      if (!isCipherName(r.cipher)) throw new Error(`data key ${r.id} uses cipher ${r.cipher}, which this build does not know`);
      const dk: DataKey = { id: r.id, cipher: r.cipher, key: unwrapKey(r.wrapped, r.id, master) };
      keys.set(r.id, dk);
      if (r.active && r.cipher === cipher) active = dk;
    }
    if (!active) {
      const dk: DataKey = { id: randomUUID(), cipher, key: randomBytes(32) };
      await trx.updateTable('data_keys').set({ active: 0 }).where('cipher', '=', cipher).execute();
      await trx
        .insertInto('data_keys')
        .values({ id: dk.id, cipher, wrapped: wrapKey(dk.key, dk.id, master), master_key_id: masterKeyId(master), version: 1, active: 1, created_at: new Date().toISOString(), rotated_at: null })
        .execute();
      keys.set(dk.id, dk);
      active = dk;
    }
  });
  const writeKey = active!;
  return {
    cipher,
    seal: (plain) => seal(plain, writeKey),
    open: (stored) => (isSealed(stored) ? open(stored, (id) => keys.get(id)) : stored),
    hashKey: createHmac('sha256', master).update('tiaojie personal-data hash key v1').digest(),
  };
}

/** Encrypts the `personal` values still in clear (rows from before encryption); safe to run again. Returns how many. */
export async function encryptClearRows(db: Kysely<Database>, codec: PersonalCodec, batch = 500): Promise<number> {
  let done = 0;
  // Each batch starts after the last id of the one before: from the first id, every batch scanned the rows sealed by
  // the batches before it again (quadratic: a database of 1,000,000 clear rows took over half an hour to open).
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('cases').select(['id', 'personal']).where('id', '>', after).where('personal', 'not like', 'e1.%').orderBy('id').limit(batch).execute();
    if (rows.length === 0) return done;
    after = rows[rows.length - 1]!.id;
    await db.transaction().execute(async (trx) => {
      // (the where clause again: a server writing meanwhile has sealed the row already, and its value must win)
      for (const r of rows) await trx.updateTable('cases').set({ personal: codec.seal(r.personal) }).where('id', '=', r.id).where('personal', '=', r.personal).execute();
    });
    done += rows.length;
  }
}

/**
 * Re-wraps every data key under `next` in one transaction. Party data is not rewritten (its data keys are
 * unchanged), so running servers keep working: they hold their data keys unwrapped and need the master key only
 * to start. Returns how many keys were re-wrapped.
 */
export async function rotateMasterKey(db: Kysely<Database>, current: Buffer, next: Buffer): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('data_keys').selectAll().execute();
    const now = new Date().toISOString();
    for (const r of rows) {
      const key = unwrapKey(r.wrapped, r.id, current);
      await trx
        .updateTable('data_keys')
        .set({ wrapped: wrapKey(key, r.id, next), master_key_id: masterKeyId(next), version: r.version + 1, rotated_at: now })
        .where('id', '=', r.id)
        .execute();
    }
    return rows.length;
  });
}
