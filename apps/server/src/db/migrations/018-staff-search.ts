import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Staff desktops at city scale (issue 22):
 * - `case_party_names`: a keyed hash (HMAC under the server's hash key) of each party's normalised name, so that a
 *   search by party name runs in SQL without storing or comparing names in the clear (names live only in the sealed
 *   personal column). Filled on every case write, and for cases stored before this table at server start.
 * - `cases_live_accepted`: the staff list's default order (newest accepted first) walked from an index, with the
 *   subtree and filters checked on the way, instead of sorting a district's 100,000 rows per page.
 * - `cases_live_filters`: the exact count of a filtered subtree from one index (all the filter columns in it).
 * - `change_log_scope_seq`: a staff desktop pulls the rows logged at its own node only (seq > cursor, one path).
 */
export const staffSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('case_party_names')
      .addColumn('name_hash', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_party_names_pk', ['name_hash', 'case_id'])
      .execute();
    await db.schema.createIndex('case_party_names_case').on('case_party_names').columns(['case_id']).execute();
    await sql`create index if not exists cases_live_accepted on cases (accepted_on, id) where deleted = 0`.execute(db);
    // The exact count under any combination of the list's filters, read from this index alone (no row lookups).
    await sql`create index if not exists cases_live_filters on cases (scope_path, status, type, handling_node_id, grid_id, accepted_on) where deleted = 0`.execute(db);
    await db.schema.createIndex('change_log_scope_seq').ifNotExists().on('change_log').columns(['scope_path', 'seq']).execute();
  },
};
