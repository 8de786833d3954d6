import type { Kysely, Migration } from 'kysely';

/**
 * Annual-report support: the report scans one org level's id column by date, so each level gets an
 * (id, accepted_on) index like the sub-district's, and an (id, concluded_on, accepted_on) one; coverage looks up a grid
 * worker's cases and activities by author. Signed-off reports are stored as immutable versions.
 */
export const reportsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const index = (name: string, table: string, columns: string[]) => db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
    await index('cases_district_accepted', 'cases', ['district_id', 'accepted_on']);
    await index('cases_community_accepted', 'cases', ['community_id', 'accepted_on']);
    // (level id, concluded_on, accepted_on): finding long-running cases reads the index only.
    await index('cases_district_concluded_accepted', 'cases', ['district_id', 'concluded_on', 'accepted_on']);
    await index('cases_sub_concluded_accepted', 'cases', ['subdistrict_id', 'concluded_on', 'accepted_on']);
    await index('cases_community_concluded_accepted', 'cases', ['community_id', 'concluded_on', 'accepted_on']);
    await index('cases_grid_concluded_accepted', 'cases', ['grid_id', 'concluded_on', 'accepted_on']);
    await index('cases_author_accepted', 'cases', ['created_by', 'accepted_on']);
    await index('activities_author_date', 'activities', ['created_by', 'date']);

    await db.schema
      .createTable('report_signoffs')
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      /** The AnnualReport (figures of the year and the previous one) exactly as signed, JSON. */
      .addColumn('report', 'text', (c) => c.notNull())
      .addColumn('signed_by', 'text', (c) => c.notNull())
      .addColumn('signed_by_name', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addPrimaryKeyConstraint('report_signoffs_pk', ['node_id', 'year', 'version'])
      .execute();
  },
};
