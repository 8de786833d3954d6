import type { Kysely, Migration } from 'kysely';

/**
 * Session controls (issue 14): an administrator can require a password change at next sign-in; a token is either a
 * full session or a short-lived one that only allows that change; a revoked token says why, so that a device whose
 * sign-in was revoked (or whose account was disabled) learns it must erase what it holds, while one signed out by a
 * new sign-in or a password change simply signs in again.
 */
export const sessionControlsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('tokens').addColumn('kind', 'text', (c) => c.notNull().defaultTo('session')).execute();
    await db.schema.alterTable('tokens').addColumn('revoked_reason', 'text').execute();
  },
};
