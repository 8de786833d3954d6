import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from './001-foundation.js';
import { preventionColumnNames } from './015-mediation-stats.js';

/**
 * The few cases with a group dispute or a prevention outcome: the statistics tables read those columns from a small
 * partial index instead of summing eleven mostly-zero columns over every case. The query repeats this term (SQLite
 * uses a partial index only then); one comparison of a sum of absolute values (zero only when every column is,
 * whatever the signs) because PostgreSQL took ~3 ms to plan the same condition written as eleven ORs.
 */
export const rareStatsFacts = sql.raw(`(${['is_group', ...preventionColumnNames].map((c) => `abs(${c})`).join(' + ')}) <> 0`);

/**
 * Month-ordered indexes for the statistics tables of a district or sub-district (issue 17: within 2× of one
 * aggregate at 1,000,000 cases; 015's (id, date) covering indexes gave 2.9× for a sub-district's year and 4.8× for
 * the district on SQLite). Measured there (district year, 250,000 cases): SQLite has no hash aggregation, so a
 * GROUP BY over a date range sorts every case; and each aggregate costs about as much per case as reading it. So:
 * - `cases_<level>_stats_accepted_months` / `_concluded_months`: level id, the date's month ('YYYY-MM'), then the
 *   group keys (committee, type, source; for conclusions also outcome, agreement form, performance and court
 *   confirmation, so that those become group keys instead of a filtered count each). A period is whole months: its
 *   cases are one range, already in group order (no sort), and an outer GROUP BY sums the few months' groups.
 * - `cases_<level>_stats_rare`: the cases matching `rareStatsFacts`, with those columns.
 * The counted columns are INCLUDE columns on PostgreSQL and trailing key columns on SQLite (no INCLUDE there).
 * 015's (id, date) indexes stay: the drill-downs range over them.
 */
export const statsMonthsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = isPostgres(db);
    const ids = (cols: string[]) => sql.join(cols.map((c) => sql.ref(c)));
    const index = async (name: string, keys: ReturnType<typeof sql>, included: string[], where: ReturnType<typeof sql>) => {
      const columns = postgres ? sql`(${keys}) include (${ids(included)})` : sql`(${keys}, ${ids(included)})`;
      await sql`create index if not exists ${sql.ref(name)} on cases ${columns} where ${where}`.execute(db);
    };
    const byMonth = (id: string, date: string, groups: string[]) => sql`${sql.ref(id)}, (substr(${sql.ref(date)}, 1, 7)), ${ids(groups)}`;
    const codes = ['committee_id', 'type', 'source'];
    for (const [level, id] of [
      ['district', 'district_id'],
      ['sub', 'subdistrict_id'],
    ] as const) {
      await index(`cases_${level}_stats_accepted_months`, byMonth(id, 'accepted_on', codes), ['accepted_on', 'party_count'], sql`deleted = 0`);
      await index(
        `cases_${level}_stats_concluded_months`,
        byMonth(id, 'concluded_on', [...codes, 'outcome', 'agreement_form', 'performance', 'court_confirmation']),
        ['concluded_on', 'agreement_amount'],
        sql`deleted = 0 and outcome is not null`,
      );
      await index(
        `cases_${level}_stats_rare`,
        ids([id, 'accepted_on']),
        [...codes, 'is_group', 'people_involved', ...preventionColumnNames],
        sql`deleted = 0 and ${rareStatsFacts}`,
      );
    }
  },
};
