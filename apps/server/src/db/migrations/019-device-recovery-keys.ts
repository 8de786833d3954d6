import type { Kysely, Migration } from 'kysely';

/**
 * Recovery keys of phones' local data (issue 14 §9): one random key per account and device, handed to the phone only
 * when it signs in with the password. The phone wraps its local data key with it and never stores it, so after five
 * wrong PINs the data it had not yet synced opens again only after a new password sign-in on that device.
 */
export const deviceRecoveryKeysMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('device_recovery_keys')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('recovery_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_recovery_keys_pk', ['user_id', 'device_id'])
      .execute();
  },
};
