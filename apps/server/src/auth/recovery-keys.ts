import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * This device's recovery key for its local data (created at its first password sign-in, the same one afterwards):
 * 32 random bytes, base64url. Given out only in a password sign-in's answer, never for a bearer token alone — a
 * thief holding the phone (and so its token) cannot fetch it.
 */
export async function recoveryKeyFor(db: Kysely<Database>, userId: string, deviceId: string): Promise<string> {
  const found = await db.selectFrom('device_recovery_keys').select('recovery_key').where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
  if (found) return found.recovery_key;
  const key = randomBytes(32).toString('base64url');
  await db
    .insertInto('device_recovery_keys')
    .values({ user_id: userId, device_id: deviceId, recovery_key: key, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['user_id', 'device_id']).doNothing())
    .execute();
  // Two sign-ins at once: the first insert wins, both answer with it.
  const row = await db.selectFrom('device_recovery_keys').select('recovery_key').where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirstOrThrow();
  return row.recovery_key;
}
