import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from './001-foundation.js';

/** Columns the annual report counts cases accepted in a year by (see reports/report-queries.ts). */
const acceptedColumns = ['type', 'source', 'risk', 'concluded_on', 'is_group', 'people_involved'];
/** Columns the annual report counts cases concluded in a year by. */
const concludedColumns = [
  'outcome',
  'resolved_level',
  'body',
  'type',
  'agreement_form',
  'agreement_amount',
  'court_confirmation',
  'follow_up_count',
  'prevented_criminal',
  'prevented_petition',
];

/**
 * Covering indexes for the annual report of a district or sub-district: per level, one by acceptance date and one by
 * conclusion date, each holding the one-level-down id and the columns the report counts by, over live cases only
 * (partial: deleted = 0). The report's GROUP BYs then read index ranges instead of looking up ~100,000s of table rows;
 * communities and grids have few enough cases that their reports read the table through the older indexes.
 * On PostgreSQL the counted columns are INCLUDE columns; SQLite has no INCLUDE, so there they are key columns.
 * The older (id, concluded_on[, accepted_on]) indexes of these two levels are dropped: every query that used them
 * filters on deleted = 0 and is served by the covering index, and while they existed SQLite's planner preferred them
 * and looked each concluded case up in the table (measured: 430 ms against 75 ms for a sub-district's two years).
 */
const supersededIndexes = ['cases_district_concluded_accepted', 'cases_sub_concluded_accepted', 'cases_sub_concluded'];

export const reportCoveringMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = isPostgres(db);
    const index = async (name: string, keys: string[], included: string[]) => {
      const ids = (cols: string[]) => sql.join(cols.map((c) => sql.ref(c)));
      const columns = postgres ? sql`(${ids(keys)}) include (${ids(included)})` : sql`(${ids([...keys, ...included])})`;
      await sql`create index if not exists ${sql.ref(name)} on cases ${columns} where deleted = 0`.execute(db);
    };
    for (const [level, id, child] of [
      ['district', 'district_id', 'subdistrict_id'],
      ['sub', 'subdistrict_id', 'community_id'],
    ] as const) {
      await index(`cases_${level}_accepted_report`, [id, 'accepted_on'], [child, ...acceptedColumns]);
      await index(`cases_${level}_concluded_report`, [id, 'concluded_on'], [child, ...concludedColumns]);
    }
    for (const name of supersededIndexes) await sql`drop index if exists ${sql.ref(name)}`.execute(db);
  },
};
