import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Intake from other channels (issue 17 §4): a case from a 12345 work order, a court's pre-litigation delegation or
 * a police hand-over carries an `intake` block in its document; these columns copy what the channel lists filter
 * and sort by, so listing a channel for the answer back reads an index, not every document.
 * - intake_channel, intake_number, intake_received_at: null for every case without a block (all cases before this).
 * - intake_limit_settings: a sub-district's own channel time limits (JSON); defaults in @tiaojie/domain, as risk
 *   limits are (016).
 */
export const intakeChannelsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('cases').addColumn('intake_channel', 'text').execute();
    await db.schema.alterTable('cases').addColumn('intake_number', 'text').execute();
    await db.schema.alterTable('cases').addColumn('intake_received_at', 'text').execute();
    await sql`create index if not exists cases_intake on cases (intake_channel, intake_received_at) where intake_channel is not null and deleted = 0`.execute(db);
    await db.schema
      .createTable('intake_limit_settings')
      .addColumn('node_id', 'text', (c) => c.primaryKey())
      .addColumn('limits', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
