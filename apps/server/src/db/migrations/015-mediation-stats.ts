import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from './001-foundation.js';

/** The prevention columns (预防效果) a case and an activity carry: disputes prevented, then each outcome as cases and people. */
export const preventionColumnNames = [
  'prev_disputes',
  'prev_suicide',
  'prev_suicide_people',
  'prev_criminal',
  'prev_criminal_people',
  'prev_petition',
  'prev_petition_people',
  'prev_fight',
  'prev_fight_people',
] as const;

/**
 * The people's-mediation statistics tables (issue 17 §1): mediation committees and their mediators become records an
 * administrator keeps; a case names its committee; the columns the tables count (parties, performance as the latest
 * follow-up found it, prevention outcomes) are filled from the document like the annual report's, so SQL never parses
 * JSON. Existing rows are filled here from their documents (once), and from the old 防止民转刑 / 防止群体性上访 flags.
 */
export const mediationStatsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = isPostgres(db);
    await db.schema
      .createTable('committees')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('committees_node').on('committees').columns(['node_id']).execute();
    await db.schema
      .createTable('mediators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('committee_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mediators_committee').on('mediators').columns(['committee_id']).execute();
    // A sub-district's titles and order of the tables' columns (data, not code): JSON, see @tiaojie/report.
    await db.schema
      .createTable('stats_settings')
      .addColumn('node_id', 'text', (c) => c.primaryKey())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema.alterTable('cases').addColumn('committee_id', 'text').execute();
    await db.schema.alterTable('cases').addColumn('party_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('cases').addColumn('performance', 'text').execute();
    for (const table of ['cases', 'activities']) {
      for (const column of preventionColumnNames) {
        await db.schema.alterTable(table).addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
      }
    }
    // Existing cases: parties counted from the document, performance as the agreement records it, and the two old
    // prevention flags as one case each with the people involved.
    const partyCount = postgres
      ? sql`(select count(*) from jsonb_object_keys(coalesce(doc::jsonb -> 'parties', '{}'::jsonb)))`
      : sql`(select count(*) from json_each(doc, '$.parties'))`;
    const performance = postgres ? sql`(doc::jsonb -> 'agreement' ->> 'performance')` : sql`json_extract(doc, '$.agreement.performance')`;
    // Covering indexes for the tables of a district or sub-district, like the annual report's (migration 004): the
    // columns counted sit after the document in the row, so reading them from the table walks each document's
    // overflow pages (measured on 20,000 cases: 173 ms for a district's year against 7 ms from an index).
    const index = async (name: string, keys: string[], included: string[]) => {
      const ids = (cols: string[]) => sql.join(cols.map((c) => sql.ref(c)));
      const columns = postgres ? sql`(${ids(keys)}) include (${ids(included)})` : sql`(${ids([...keys, ...included])})`;
      await sql`create index if not exists ${sql.ref(name)} on cases ${columns} where deleted = 0`.execute(db);
    };
    for (const [level, id] of [
      ['district', 'district_id'],
      ['sub', 'subdistrict_id'],
    ] as const) {
      await index(`cases_${level}_stats_accepted`, [id, 'accepted_on'], ['committee_id', 'type', 'source', 'party_count', 'is_group', 'people_involved', ...preventionColumnNames]);
      await index(`cases_${level}_stats_concluded`, [id, 'concluded_on'], ['committee_id', 'type', 'source', 'outcome', 'agreement_form', 'agreement_amount', 'performance', 'court_confirmation']);
    }
    await sql`update cases set party_count = ${partyCount}, performance = ${performance},
      prev_criminal = prevented_criminal, prev_criminal_people = prevented_criminal * people_involved,
      prev_petition = prevented_petition, prev_petition_people = prevented_petition * people_involved`.execute(db);
  },
};
