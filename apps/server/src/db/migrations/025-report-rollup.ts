import { sql, type Kysely, type Migration } from 'kysely';
import { isPostgres } from './001-foundation.js';

/**
 * The code lists the report rollup has a column per code of, as they stood when this migration was written: a table's
 * columns cannot follow the domain's lists by themselves. `report-rollup.test.ts` holds them equal to the domain's
 * lists, so that a code added there fails until a migration adds its column (and refills the table).
 */
export const reportRollupCodes = {
  types: [
    'marriage_family', 'neighbour', 'housing_homestead', 'contract', 'production_business', 'damages', 'forest_land', 'land_acquisition',
    'environment', 'labour', 'consumer', 'medical', 'traffic', 'property_management', 'other',
  ],
  sources: ['party_applied', 'proactive', 'referral_police', 'referral_court', 'referral_government', 'referral_superior', 'referral_other', 'hotline_12345'],
  risks: ['red', 'orange', 'yellow', 'blue'],
} as const;

const isCode = (code: string) => {
  if (!/^[a-z0-9_]+$/.test(code)) throw new Error(`unsafe code ${code}`);
  return code;
};
const oneIf = (condition: string) => `case when ${condition} then 1 else 0 end`;

/**
 * A rollup table over the live cases: its key and its sums, each as (column, its value for one case over the columns
 * of `cases`). Key columns cannot be null: a null code is kept as ''.
 */
interface Rollup {
  table: string;
  keys: readonly (readonly [string, string])[];
  /** The primary key's column order: the report's ranges (sub-district, month) first. */
  primaryKey: readonly string[];
  sums: readonly (readonly [string, string])[];
  /** The cases a row counts, besides being live. */
  counts: string;
}

/**
 * The annual report's cases accepted per community, month and type, split by the year they were concluded in ('' while
 * open): the report's "not concluded before the year" and the cases carried over from before the previous year come
 * from that split.
 */
const accepted: Rollup = {
  table: 'report_accepted_months',
  keys: [
    ['district_id', 'district_id'],
    ['subdistrict_id', 'subdistrict_id'],
    ['community_id', 'community_id'],
    ['month', 'substr(accepted_on, 1, 7)'],
    ['type', 'type'],
    ['concluded_year', `coalesce(substr(concluded_on, 1, 4), '')`],
  ],
  primaryKey: ['subdistrict_id', 'month', 'community_id', 'type', 'concluded_year', 'district_id'],
  sums: [
    ['n', '1'],
    ['group_cases', 'is_group'],
    ['group_people', 'is_group * people_involved'],
    ...reportRollupCodes.sources.map((c) => [`s_${isCode(c)}`, oneIf(`source = '${c}'`)] as const),
    ...reportRollupCodes.risks.map((c) => [`r_${isCode(c)}`, oneIf(`risk = '${c}'`)] as const),
  ],
  counts: 'true',
};

/** The annual report's cases concluded with an outcome, per community, month, outcome, level and body. */
const concluded: Rollup = {
  table: 'report_concluded_months',
  keys: [
    ['district_id', 'district_id'],
    ['subdistrict_id', 'subdistrict_id'],
    ['community_id', 'community_id'],
    ['month', 'substr(concluded_on, 1, 7)'],
    ['outcome', 'outcome'],
    ['resolved_level', `coalesce(resolved_level, '')`],
    ['body', `coalesce(body, '')`],
  ],
  primaryKey: ['subdistrict_id', 'month', 'community_id', 'outcome', 'resolved_level', 'body', 'district_id'],
  sums: [
    ['n', '1'],
    ...reportRollupCodes.types.map((c) => [`t_${isCode(c)}`, oneIf(`type = '${c}'`)] as const),
    ['written', oneIf(`agreement_form = 'written'`)],
    ['oral', oneIf(`agreement_form = 'oral'`)],
    // numeric: sums of added and subtracted floating amounts would drift
    ['amount', 'agreement_amount::numeric'],
    ['court_applied', oneIf(`court_confirmation <> 'none'`)],
    ['court_confirmed', oneIf(`court_confirmation = 'confirmed'`)],
    ['followed_up', oneIf('follow_up_count > 0')],
    ['follow_up_visits', 'follow_up_count'],
    ['prevented_criminal', 'prevented_criminal'],
    ['prevented_petition', 'prevented_petition'],
  ],
  counts: 'outcome is not null and concluded_on is not null',
};

const rollups = [accepted, concluded] as const;

/** The columns of `cases` the rollups are computed from: an update that changes none of them leaves them alone. */
const countedColumns = [
  'deleted', 'district_id', 'subdistrict_id', 'community_id', 'accepted_on', 'concluded_on', 'type', 'source', 'risk', 'is_group',
  'people_involved', 'outcome', 'resolved_level', 'body', 'agreement_form', 'agreement_amount', 'court_confirmation', 'follow_up_count',
  'prevented_criminal', 'prevented_petition',
];

const columnsOf = (r: Rollup) => [...r.keys, ...r.sums].map(([c]) => c).join(', ');

/** A rollup's rows computed from the cases at once, in key order (a sub-district's months then lie on a few pages). */
const fillOf = (r: Rollup) => `insert into ${r.table} (${columnsOf(r)})
    select ${r.keys.map(([, v]) => v).join(', ')}, ${r.sums.map(([c, v]) => `sum(${v})${c === 'amount' ? '' : '::bigint'}`).join(', ')}
    from cases where deleted = 0 and ${r.counts}
    group by ${r.keys.map((_, i) => i + 1).join(', ')}
    order by ${r.primaryKey.map((c) => r.keys.findIndex(([k]) => k === c) + 1).join(', ')}`;

/** The migration's fill, also run by the report bench after loading its cases with the triggers off. */
export const reportRollupFill = rollups.map(fillOf);
export const reportRollupTables = rollups.map((r) => r.table);

/** One case's contribution (times `sign`) added to its row of a rollup, inside the trigger's function. */
const upsertOf = (r: Rollup) => `insert into ${r.table} as s (${columnsOf(r)})
          select ${r.keys.map(([, v]) => v).join(', ')}, ${r.sums.map(([, v]) => `sign * (${v})`).join(', ')} from (select r.*) as c
          on conflict (${r.primaryKey.join(', ')}) do update set ${r.sums.map(([c]) => `${c} = s.${c} + excluded.${c}`).join(', ')};`;

/**
 * PostgreSQL: the annual report of a sub-district or district reads two rollups instead of its cases (issue 18 §2:
 * within 1.5× of one aggregate at 10,000,000 cases). They are kept like the statistics tables' `stats_months`
 * (migration 024): triggers on `cases` add a case's old contribution out and its new one in, in the writing
 * transaction, only when a counted column changed; every case writer holds the sync counter's row first, so the
 * rollups' rows are locked in one order after it. The four month-ordered covering indexes of migration 005, which only
 * the report of these two levels read, are dropped: four wide index entries fewer per case written. A community's or
 * grid's report, and every report on SQLite, still read the cases.
 */
export const reportRollupMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (!isPostgres(db)) return;
    for (const r of rollups) {
      const columns = [
        ...r.keys.map(([c]) => `${c} text not null`),
        ...r.sums.map(([c]) => `${c} ${c === 'amount' ? 'numeric' : 'bigint'} not null`),
      ];
      await sql.raw(`create table ${r.table} (${columns.join(', ')}, primary key (${r.primaryKey.join(', ')})) with (fillfactor = 70)`).execute(db);
      await sql.raw(`create index ${r.table}_district on ${r.table} (district_id, month)`).execute(db);
    }
    await sql.raw(`create function report_months_add(r cases, sign integer) returns void language plpgsql as $body$
      begin
        ${upsertOf(accepted)}
        if ${concluded.counts.replaceAll(/\b(outcome|concluded_on)\b/g, 'r.$1')} then
          ${upsertOf(concluded)}
        end if;
      end $body$`).execute(db);
    await sql.raw(`create function report_months_on_change() returns trigger language plpgsql as $body$
      begin
        if tg_op <> 'INSERT' and old.deleted = 0 then perform report_months_add(old, -1); end if;
        if tg_op <> 'DELETE' and new.deleted = 0 then perform report_months_add(new, 1); end if;
        return null;
      end $body$`).execute(db);
    await sql.raw(`create function report_months_clear() returns trigger language plpgsql as $body$
      begin
        delete from ${accepted.table};
        delete from ${concluded.table};
        return null;
      end $body$`).execute(db);
    const row = (alias: string) => `(${countedColumns.map((c) => `${alias}.${c}`).join(', ')})`;
    await sql.raw(`create trigger cases_report_months_insert after insert on cases for each row when (new.deleted = 0) execute function report_months_on_change()`).execute(db);
    await sql.raw(`create trigger cases_report_months_update after update on cases for each row when (${row('old')} is distinct from ${row('new')}) execute function report_months_on_change()`).execute(db);
    await sql.raw(`create trigger cases_report_months_delete after delete on cases for each row when (old.deleted = 0) execute function report_months_on_change()`).execute(db);
    await sql.raw(`create trigger cases_report_months_truncate after truncate on cases for each statement execute function report_months_clear()`).execute(db);
    // The cases there are already (in the migration's transaction: none is written meanwhile).
    for (const fill of reportRollupFill) await sql.raw(fill).execute(db);
    for (const r of rollups) await sql.raw(`analyze ${r.table}`).execute(db);
    for (const level of ['district', 'sub']) {
      for (const date of ['accepted', 'concluded']) await sql`drop index if exists ${sql.ref(`cases_${level}_${date}_months`)}`.execute(db);
    }
  },
};
