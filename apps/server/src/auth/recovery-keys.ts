import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PersonalCodec } from '../crypto/keyring.js';
import { isSealed } from '../crypto/personal-cipher.js';

/**
 * A device's recovery key for its local data (created at its first password sign-in, the same one afterwards):
 * 32 random bytes, base64url. Given out only in answers to requests that prove the password (a sign-in, or the
 * password change that completes a forced one), never for a bearer token alone — a thief holding the phone (and so
 * its token) cannot fetch it.
 *
 * At rest the key is sealed like party data (the store's codec: a data key wrapped by the master key), so a copy of
 * the database alone gives no recovery key; a master-key rotation re-wraps the data keys and so covers these rows
 * without rewriting them. The sealed text binds the account and device: a row copied onto another device's row
 * (by someone who can write to the database but has no master key) does not open there.
 */
export async function recoveryKeyFor(db: Kysely<Database>, codec: PersonalCodec, userId: string, deviceId: string): Promise<string> {
  const found = await storedKey(db, userId, deviceId);
  if (found !== undefined) return openRecoveryKey(codec, found, userId, deviceId);
  await db
    .insertInto('device_recovery_keys')
    .values({ user_id: userId, device_id: deviceId, recovery_key: sealRecoveryKey(codec, randomBytes(32).toString('base64url'), userId, deviceId), created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['user_id', 'device_id']).doNothing())
    .execute();
  // Two sign-ins at once: the first insert wins, both answer with it.
  return openRecoveryKey(codec, (await storedKey(db, userId, deviceId))!, userId, deviceId);
}

async function storedKey(db: Kysely<Database>, userId: string, deviceId: string): Promise<string | undefined> {
  const row = await db.selectFrom('device_recovery_keys').select('recovery_key').where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
  return row?.recovery_key;
}

/** What is sealed: the key behind its account and device. */
const boundText = (key: string, userId: string, deviceId: string) => `rk1\n${userId}\n${deviceId}\n${key}`;

export function sealRecoveryKey(codec: PersonalCodec, key: string, userId: string, deviceId: string): string {
  return codec.seal(boundText(key, userId, deviceId));
}

/** The key of a stored row: sealed ones are opened and must name this account and device; a clear one (written before sealing, by an older server still running) reads as is. */
export function openRecoveryKey(codec: PersonalCodec, stored: string, userId: string, deviceId: string): string {
  if (!isSealed(stored)) return stored;
  const text = codec.open(stored);
  const prefix = boundText('', userId, deviceId);
  if (!text.startsWith(prefix)) throw new Error(`the recovery key stored for device ${deviceId} belongs to another account or device`);
  return text.slice(prefix.length);
}

/** Seals the recovery keys still stored in clear (rows from before sealing); run at every start, safe to run again. Returns how many. */
export async function sealClearRecoveryKeys(db: Kysely<Database>, codec: PersonalCodec): Promise<number> {
  const rows = await db.selectFrom('device_recovery_keys').select(['user_id', 'device_id', 'recovery_key']).where('recovery_key', 'not like', 'e1.%').execute();
  if (rows.length === 0) return 0;
  await db.transaction().execute(async (trx) => {
    // (the old value in the where clause: a row sealed meanwhile by another server is left as it is)
    for (const r of rows) {
      await trx
        .updateTable('device_recovery_keys')
        .set({ recovery_key: sealRecoveryKey(codec, r.recovery_key, r.user_id, r.device_id) })
        .where('user_id', '=', r.user_id)
        .where('device_id', '=', r.device_id)
        .where('recovery_key', '=', r.recovery_key)
        .execute();
    }
  });
  return rows.length;
}
