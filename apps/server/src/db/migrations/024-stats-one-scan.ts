import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from './001-foundation.js';

/**
 * The cases concluded in another month than they were accepted in (with a conclusion): the only ones a period can
 * count as concluded without counting them as accepted, since a period is whole months. The query repeats this term
 * (SQLite and PostgreSQL use a partial index only then).
 */
export const concludedInAnotherMonth = sql.raw(`outcome is not null and substr(accepted_on, 1, 7) <> substr(concluded_on, 1, 7)`);

/**
 * The statistics tables in one scan of the period's accepted cases (issue 17: within 2× of one aggregate at 1,000,000
 * cases; 023's two scans, accepted and concluded, gave 1.8–2.9×):
 * - `cases_<level>_stats_scan`: 023's accepted-months index (level id, acceptance month, committee, type, source: on
 *   SQLite a period's cases are one range in group order, no sort) with the conclusion's date and codes added, so
 *   that one range counts both what the period accepted and what of that it concluded without reading the table.
 *   PostgreSQL hashes the groups: there the key is (level id, date), everything else INCLUDE columns, because its
 *   planner estimated a range of the month expression at a few dozen rows (no statistics on it) and then sorted the
 *   cases by eight text keys instead of hashing them (3× slower).
 * - `cases_<level>_stats_crossing`: the cases of `concludedInAnotherMonth` (about a third) by conclusion month, then
 *   acceptance month: for each month of the period, the range of those accepted before it (or after it) is read,
 *   not every case concluded in the period that crossed a month's end.
 * They replace 023's accepted- and concluded-months indexes: one full index and one partial per level instead of two
 * full ones, so a case write maintains fewer index entries than before.
 */
export const statsOneScanMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = isPostgres(db);
    const ids = (cols: string[]) => sql.join(cols.map((c) => sql.ref(c)));
    const month = (date: string) => sql`(substr(${sql.ref(date)}, 1, 7))`;
    const codes = ['committee_id', 'type', 'source'];
    const conclusion = ['outcome', 'agreement_form', 'performance', 'court_confirmation'];
    const counted = ['party_count', 'concluded_on', ...conclusion, 'agreement_amount'];
    for (const [level, id] of [
      ['district', 'district_id'],
      ['sub', 'subdistrict_id'],
    ] as const) {
      const scan = postgres
        ? sql`(${sql.ref(id)}, accepted_on) include (${ids([...codes, ...counted])})`
        : sql`(${sql.ref(id)}, ${month('accepted_on')}, ${ids([...codes, 'accepted_on', ...counted])})`;
      await sql`create index if not exists ${sql.ref(`cases_${level}_stats_scan`)} on cases ${scan} where deleted = 0`.execute(db);
      const crossing = postgres
        ? sql`(${sql.ref(id)}, ${month('concluded_on')}, ${month('accepted_on')}) include (${ids(['concluded_on', 'accepted_on', ...codes, ...conclusion, 'agreement_amount'])})`
        : sql`(${sql.ref(id)}, ${month('concluded_on')}, ${month('accepted_on')}, ${ids([...codes, ...conclusion, 'concluded_on', 'accepted_on', 'agreement_amount'])})`;
      await sql`create index if not exists ${sql.ref(`cases_${level}_stats_crossing`)} on cases ${crossing} where deleted = 0 and ${concludedInAnotherMonth}`.execute(db);
      await sql`drop index if exists ${sql.ref(`cases_${level}_stats_accepted_months`)}`.execute(db);
      await sql`drop index if exists ${sql.ref(`cases_${level}_stats_concluded_months`)}`.execute(db);
    }
  },
};
