import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Data keys that encrypt party data (crypto/keyring.ts), each wrapped under the master key. A ciphertext names its
 * data key, so rotating the master key rewrites this table only; `version` counts the re-wraps. Existing clear
 * `personal` values are encrypted when the server first opens the store with a key (idempotent), not here:
 * a migration has no key.
 */
export const dataKeysMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table data_keys (
      id text primary key,
      cipher text not null,
      wrapped text not null,
      master_key_id text not null,
      version integer not null,
      active integer not null,
      created_at text not null,
      rotated_at text
    )`.execute(db);
  },
};
