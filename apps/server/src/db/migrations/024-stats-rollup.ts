import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from './001-foundation.js';

/**
 * The statistics tables' counting rules over a concluded case, in the order of their bits in the rollup's `bits`:
 * the same rules as `caseMeasure` (stats-queries.test.ts holds the SQL to it on both databases). Written with the
 * most selective test first and ORs rather than IN (~4% of the concluded query on PostgreSQL as filtered counts).
 */
export const conclusionRules = [
  ['mediated', `outcome = 'success' or outcome = 'failed'`],
  ['succeeded', `outcome = 'success'`],
  ['oral', `agreement_form = 'oral'`],
  ['written', `agreement_form = 'written'`],
  ['fulfilled', `performance = 'fulfilled' and agreement_form is not null`],
  ['partial', `performance = 'partial' and agreement_form is not null`],
  ['unfulfilled', `performance = 'unfulfilled' and agreement_form is not null`],
  ['courtApplied', `court_confirmation <> 'none'`],
  ['courtConfirmed', `court_confirmation = 'confirmed'`],
] as const;

/** Every counting rule of a concluded case as one bit (of columns named as in `cases`). */
const conclusionBits = conclusionRules.map(([, rule], i) => `(case when ${rule} then ${1 << i} else 0 end)`).join(' + ');

/**
 * What a rollup row sums, as (column, the tables' measure, its value for one case, the rows it is summed on): for the
 * cases accepted in its month the number, parties and cases with three or more parties; for those concluded in it the
 * number and the amount (other sums are 0 there). (Group disputes and prevention outcomes stay on 023's small index of the few cases that have them: as 11
 * more sums here they doubled the accepted query, a sub-district's quarter 3.4 → 7.1 ms at 1,000,000 cases.)
 */
export const rollupSums = [
  ['n', 'accepted', '1', ['accepted', 'concluded']],
  ['parties', 'parties', 'party_count', ['accepted']],
  ['multi_party', 'multiParty', 'case when party_count >= 3 then 1 else 0 end', ['accepted']],
  ['amount', 'amount', 'agreement_amount::numeric', ['concluded']],
] as const;

/** A rollup row's key for the cases accepted (kind 0) or concluded (kind 1) in its month, over columns of `cases`. */
const rollupKeys = {
  accepted: `district_id, subdistrict_id, 0, substr(accepted_on, 1, 7), coalesce(committee_id, ''), type, source, 0`,
  concluded: `district_id, subdistrict_id, 1, substr(concluded_on, 1, 7), coalesce(committee_id, ''), type, '', ${conclusionBits}`,
};
/** A rollup row's sums for one case (times `sign`) or for a group of cases (`sum`), over columns of `cases`. */
const rollupValues = (kind: 'accepted' | 'concluded', of: (value: string) => string) =>
  rollupSums.map(([, , value, kinds]) => ((kinds as readonly string[]).includes(kind) ? of(value) : '0')).join(', ');
const rollupColumns = `district_id, subdistrict_id, kind, month, committee_id, type, source, bits, ${rollupSums.map(([c]) => c).join(', ')}`;
const rollupKey = 'subdistrict_id, kind, month, committee_id, type, source, bits, district_id';

/** The columns a row of `stats_months` is computed from: an update that changes none of them leaves it alone. */
const countedColumns = [
  'deleted', 'district_id', 'subdistrict_id', 'accepted_on', 'concluded_on', 'outcome', 'committee_id', 'type', 'source', 'party_count',
  'agreement_form', 'performance', 'court_confirmation', 'agreement_amount',
];

/**
 * The rollup's rows computed from the cases at once: the migration's fill (and a test's check of the triggers). In
 * key order, so that a sub-district's months lie on a few pages (filled in hash order, a sub-district's quarter was
 * one page per row: ~1,300 pages, 5.4 of 7.9 ms); the triggers then add each new month's rows at the end, and the
 * free space the table keeps on each page (fillfactor) lets an update stay on its row's page (no index holds a sum).
 */
export const statsRollupFill = (['accepted', 'concluded'] as const).map(
  (kind) => `insert into stats_months (${rollupColumns})
    select ${rollupKeys[kind]}, ${rollupValues(kind, (v) => `sum(${v})`)}
    from cases where deleted = 0${kind === 'concluded' ? ' and outcome is not null and concluded_on is not null' : ''}
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 2, 4, 5, 6, 7, 8`,
);

/**
 * PostgreSQL: the statistics tables of a sub-district or district read a rollup instead of its cases (issue 17: within
 * 2× of one aggregate at 1,000,000 cases; issue 18 §2: 10,000,000). `stats_months` holds, per sub-district and month,
 * the live cases accepted in it by committee, type and source, and those concluded in it by committee, type and the
 * bits of `conclusionRules` (`rollupSums`). Triggers keep it in
 * the writing transaction itself: a case's old contribution out, its new one in, only when a counted column changed.
 * Every case writer takes the sync counter's row first (its seq), so the rollup's rows are locked in one order after
 * it. A committee of '' is none named (a key column cannot be null). The amount is numeric: sums of added and
 * subtracted floating amounts would drift. The sub-district's and the district's month indexes of migration 023
 * are dropped here (the rollup answers every whole-month period at those levels; a part month reads 015's).
 * SQLite keeps reading its cases (its month indexes make the tables ~1× their aggregate there).
 */
export const statsRollupMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (!isPostgres(db)) return;
    await sql.raw(`create table stats_months (
      district_id text not null,
      subdistrict_id text not null,
      kind smallint not null,
      month text not null,
      committee_id text not null,
      type text not null,
      source text not null,
      bits smallint not null,
      ${rollupSums.map(([c]) => `${c} ${c === 'amount' ? 'numeric' : 'bigint'} not null`).join(',\n      ')},
      primary key (${rollupKey})
    ) with (fillfactor = 70)`).execute(db);
    await sql`create index stats_months_district on stats_months (district_id, kind, month)`.execute(db);
    const upsert = (kind: 'accepted' | 'concluded') => `insert into stats_months as s (${rollupColumns})
          select ${rollupKeys[kind]}, ${rollupValues(kind, (v) => `sign * (${v})`)} from (select r.*) as c
          on conflict (${rollupKey}) do update set ${rollupSums.map(([c]) => `${c} = s.${c} + excluded.${c}`).join(', ')};`;
    await sql.raw(`create function stats_months_add(r cases, sign integer) returns void language plpgsql as $body$
      begin
        ${upsert('accepted')}
        if r.outcome is not null and r.concluded_on is not null then
          ${upsert('concluded')}
        end if;
      end $body$`).execute(db);
    await sql.raw(`create function stats_months_on_change() returns trigger language plpgsql as $body$
      begin
        if tg_op <> 'INSERT' and old.deleted = 0 then perform stats_months_add(old, -1); end if;
        if tg_op <> 'DELETE' and new.deleted = 0 then perform stats_months_add(new, 1); end if;
        return null;
      end $body$`).execute(db);
    await sql.raw(`create function stats_months_clear() returns trigger language plpgsql as $body$
      begin
        delete from stats_months;
        return null;
      end $body$`).execute(db);
    const row = (alias: string) => `(${countedColumns.map((c) => `${alias}.${c}`).join(', ')})`;
    await sql.raw(`create trigger cases_stats_months_insert after insert on cases for each row when (new.deleted = 0) execute function stats_months_on_change()`).execute(db);
    await sql.raw(`create trigger cases_stats_months_update after update on cases for each row when (${row('old')} is distinct from ${row('new')}) execute function stats_months_on_change()`).execute(db);
    await sql.raw(`create trigger cases_stats_months_delete after delete on cases for each row when (old.deleted = 0) execute function stats_months_on_change()`).execute(db);
    await sql.raw(`create trigger cases_stats_months_truncate after truncate on cases for each statement execute function stats_months_clear()`).execute(db);
    // The cases there are already (in the migration's transaction: none is written meanwhile).
    for (const fill of statsRollupFill) await sql.raw(fill).execute(db);
    // (its statistics now: the planner's first reads would otherwise guess its size)
    await sql`analyze stats_months`.execute(db);
    for (const level of ['district', 'sub']) {
      for (const date of ['accepted', 'concluded']) await sql`drop index if exists ${sql.ref(`cases_${level}_stats_${date}_months`)}`.execute(db);
    }
  },
};
