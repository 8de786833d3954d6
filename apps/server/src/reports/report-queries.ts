import { activityKinds, caseSources, disputeTypes, riskLevels, type OrgNode } from '@tiaojie/domain';
import { parseStatsPeriod, type AcceptedCountRow, type ActivityRow, type CarriedCountRow, type ConcludedCountRow, type CoverageRow, type ReportRows } from '@tiaojie/report';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/index.js';
import { isPostgres } from '../db/migrations/001-foundation.js';
import { inSubtree } from '../org/index.js';
import { childColumnOf, idColumnOf } from './node-columns.js';
import { acceptedFromRollup, carriedFromRollup, concludedFromRollup } from './report-rollup-queries.js';
import { acceptedCountRow, carriedCountRow, concludedCountRow } from './report-count-rows.js';
import { preventionCountsByYear, screeningTotals } from './stats-queries.js';

const num = (v: unknown) => Number(v ?? 0);
/** Codes become SQL literals only after checking they are plain identifiers from our code lists. */
const literal = (code: string) => {
  if (!/^[a-z0-9_]+$/.test(code)) throw new Error(`unsafe code ${code}`);
  return sql.lit(code);
};
/**
 * A text column compared byte by byte: on PostgreSQL `collate "C"`, which for codes, ids and dates gives the same
 * equality (and, for these ASCII values, order) as the database's default collation without its locale lookup per
 * comparison: ~5% of the report's database time, with a comparison per code counted per case.
 * SQLite compares bytes anyway.
 */
const bytewise = (db: Kysely<Database>) => {
  const collate = isPostgres(db as unknown as Kysely<unknown>) ? sql` collate "C"` : sql``;
  return (column: string | RawBuilder<unknown>) => sql`${typeof column === 'string' ? sql.ref(column) : column}${collate}`;
};
type Bytewise = ReturnType<typeof bytewise>;
/** `count(*) filter (…)` (SQLite ≥ 3.30, PostgreSQL): the aggregate steps only on matching rows, unlike count(case …). */
const countWhen = (b: Bytewise, column: string, code: string, alias: string): RawBuilder<unknown> =>
  sql`count(*) filter (where ${b(column)} = ${literal(code)}) as ${sql.ref(alias)}`;
const countEach = (b: Bytewise, column: string, codes: readonly string[], prefix: string) =>
  codes.map((c) => countWhen(b, column, c, `${prefix}${c}`));

export interface ReportScope {
  node: OrgNode;
  year: number;
}

/** The live cases of the report node, by the id column of its level. */
const ofNode = (node: OrgNode) => sql`${sql.ref(idColumnOf[node.kind])} = ${node.id} and deleted = 0`;

/**
 * SQLite: the level's (id, date) covering index of migration 004, named. The statistics tables' month-ordered
 * indexes (023) lead with the same id and looked cheaper to the planner, which then sorted and read the table for
 * every case: the district report went from 0.76× to 3.03× of its baseline at 1,000,000 cases.
 */
const reportIndex = (db: Kysely<Database>, node: OrgNode, part: 'accepted' | 'concluded') =>
  !isPostgres(db as unknown as Kysely<unknown>) && (node.kind === 'district' || node.kind === 'subdistrict')
    ? sql`indexed by ${sql.ref(`cases_${node.kind === 'district' ? 'district' : 'sub'}_${part}_report`)}`
    : sql``;

/** Days from `from` to `to`, both included ('YYYY-MM-DD'). */
interface DayRange {
  from: string;
  to: string;
}

const calendarYear = (year: number): DayRange => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/**
 * Conditions on a case date ('YYYY-MM-DD') that the level's (id, date) indexes can range over, in the column's own
 * collation so that the index applies. (On PostgreSQL a district's or sub-district's report reads the rollups of
 * migration 025 instead; its cases are read here only to check them.)
 */
const dateTerms = {
  inRange: (date: string, { from, to }: DayRange) => sql`${sql.ref(date)} >= ${from} and ${sql.ref(date)} <= ${to}`,
  before: (date: string, first: string) => sql`${sql.ref(date)} < ${first}`,
};

/**
 * Cases accepted in the range (the report year and the one before, or one of them), per acceptance month, child
 * and type. On SQLite, a district or sub-district reads one range of its covering index (migration 004).
 */
async function queryAccepted(db: Kysely<Database>, { node, year }: ReportScope, range: DayRange): Promise<AcceptedCountRow[]> {
  const b = bytewise(db);
  const [month, child, type] = [b(sql`substr(accepted_on, 1, 7)`), b(childColumnOf[node.kind]), b('type')];
  const { rows } = await sql<Record<string, unknown>>`
    select ${month} as month, ${child} as child, ${type} as type, count(*) as cases,
      count(*) filter (where concluded_on is null or ${b('concluded_on')} >= ${`${year}-01-01`}) as not_concluded_before_year,
      sum(is_group) as group_cases, sum(is_group * people_involved) as group_people,
      ${sql.join([...countEach(b, 'source', caseSources.codes, 's_'), ...countEach(b, 'risk', riskLevels.codes, 'r_')])}
    from cases ${reportIndex(db, node, 'accepted')}
    where ${ofNode(node)} and ${dateTerms.inRange('accepted_on', range)}
    group by ${month}, ${child}, ${type}`.execute(db);
  return rows.map(acceptedCountRow);
}

/**
 * Cases concluded with an outcome in the range. On SQLite, a district or sub-district reads one range of its
 * covering index (migration 004).
 */
async function queryConcluded(db: Kysely<Database>, { node }: ReportScope, range: DayRange): Promise<ConcludedCountRow[]> {
  const b = bytewise(db);
  const keys = [b(sql`substr(concluded_on, 1, 7)`), b(childColumnOf[node.kind]), b('outcome'), b('resolved_level'), b('body')];
  const [month, child, outcome, level, body] = keys;
  const { rows } = await sql<Record<string, unknown>>`
    select ${month} as month, ${child} as child, ${outcome} as outcome, ${level} as level, ${body} as body, count(*) as cases,
      ${sql.join(countEach(b, 'type', disputeTypes.codes, 't_'))},
      count(*) filter (where ${b('agreement_form')} = 'written') as written,
      count(*) filter (where ${b('agreement_form')} = 'oral') as oral,
      sum(agreement_amount) as amount,
      count(*) filter (where ${b('court_confirmation')} <> 'none') as court_applied,
      count(*) filter (where ${b('court_confirmation')} = 'confirmed') as court_confirmed,
      count(*) filter (where follow_up_count > 0) as followed_up,
      sum(follow_up_count) as follow_up_visits,
      sum(prevented_criminal) as prevented_criminal,
      sum(prevented_petition) as prevented_petition
    from cases ${reportIndex(db, node, 'concluded')}
    where ${ofNode(node)} and ${dateTerms.inRange('concluded_on', range)} and outcome is not null
    group by ${sql.join(keys)}`.execute(db);
  return rows.map(concludedCountRow);
}

/**
 * Cases accepted before the previous year and still open when it began, per child: the part of the level's accepted
 * index before that year (see dateTerms). The child is grouped by as an expression (`|| ''`) so that SQLite does not
 * skip-scan the sub-district index for its order and look each old case up in the table.
 */
async function queryCarried(db: Kysely<Database>, { node, year }: ReportScope): Promise<CarriedCountRow[]> {
  const from = `${year - 1}-01-01`;
  const child = sql`${sql.ref(childColumnOf[node.kind])} || ''`;
  const { rows } = await sql<Record<string, unknown>>`
    select ${child} as child, count(*) as into_previous,
      count(*) filter (where concluded_on is null or concluded_on >= ${`${year}-01-01`}) as into_year
    from cases
    where ${ofNode(node)} and ${dateTerms.before('accepted_on', from)} and (concluded_on is null or concluded_on >= ${from})
    group by ${child}`.execute(db);
  return rows.map(carriedCountRow);
}

export async function queryActivities(db: Kysely<Database>, { node, year }: ReportScope): Promise<ActivityRow[]> {
  const rows = await db
    .selectFrom('activities')
    .select([
      sql<string>`substr(date, 1, 4)`.as('year'),
      'kind',
      sql<number>`count(*)`.as('count'),
      sql<number>`sum(participants)`.as('participants'),
      sql<number>`sum(disputes_found)`.as('disputes_found'),
    ])
    .where(inSubtree('scope_path', node.path))
    .where('date', '>=', `${year - 1}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .where('deleted', '=', 0)
    .groupBy([sql`substr(date, 1, 4)`, 'kind'])
    .execute();
  return rows
    .filter((r) => activityKinds.has(r.kind))
    .map((r) => ({ year: Number(r.year), kind: r.kind, count: num(r.count), participants: num(r.participants), disputesFound: num(r.disputes_found) }));
}

/** Grids and grid workers as the org stands now; a worker is active in a year with a case or activity of theirs (or of their grid, when staff recorded it) in it. */
export async function queryCoverage(db: Kysely<Database>, { node, year }: ReportScope): Promise<CoverageRow[]> {
  const grids = await db
    .selectFrom('org_nodes')
    .select(sql<number>`count(*)`.as('n'))
    .where('kind', '=', 'grid')
    .where(inSubtree('path', node.path))
    .executeTakeFirstOrThrow();
  // A case counts for the grid worker who recorded it; one recorded by someone else (a ledger import by staff) counts
  // for the workers of its grid, whose work it is.
  const activeIn = (y: number) => sql<number>`sum(case when exists (
      select 1 from cases c where c.created_by = u.id and c.accepted_on >= ${`${y}-01-01`} and c.accepted_on <= ${`${y}-12-31`} and c.deleted = 0
    ) or exists (
      select 1 from cases c where c.grid_id = u.node_id and c.accepted_on >= ${`${y}-01-01`} and c.accepted_on <= ${`${y}-12-31`} and c.deleted = 0
        and not exists (select 1 from users cu where cu.id = c.created_by and cu.role = 'grid_worker')
    ) or exists (
      select 1 from activities a where a.created_by = u.id and a.date >= ${`${y}-01-01`} and a.date <= ${`${y}-12-31`} and a.deleted = 0
    ) then 1 else 0 end)`;
  const workers = await db
    .selectFrom('users as u')
    .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
    .select([sql<number>`count(*)`.as('total'), activeIn(year).as('active'), activeIn(year - 1).as('active_prev')])
    .where('u.role', '=', 'grid_worker')
    .where('u.disabled', '=', 0)
    .where(inSubtree('n.path', node.path))
    .executeTakeFirstOrThrow();
  const base = { grids: num(grids.n), gridWorkers: num(workers.total) };
  return [
    { year, ...base, activeGridWorkers: num(workers.active) },
    { year: year - 1, ...base, activeGridWorkers: num(workers.active_prev) },
  ];
}

export async function listChildren(db: Kysely<Database>, node: OrgNode) {
  if (node.kind === 'grid') return [{ id: node.id, name: node.name, kind: node.kind }];
  const rows = await db.selectFrom('org_nodes').select(['id', 'name', 'kind']).where('parent_id', '=', node.id).orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as OrgNode['kind'] }));
}

/**
 * PostgreSQL settings for the report's GROUP BYs, for this transaction only: with the default 4 MB of work_mem the
 * planner sorts ~80,000 rows on disk (EXPLAIN ANALYZE: "external merge") instead of hashing ~11,000 groups in memory;
 * JIT compilation costs more than it saves on queries this short. No parallel workers: the report already runs its
 * queries on two connections at once (see loadReportRows), and workers on top of those oversubscribe the cores
 * (district report on the 2-core bench, medians of 11: ~570 ms with two workers per query against ~530 ms without).
 */
async function tuneForReport(trx: Kysely<Database>): Promise<void> {
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`set local jit = off`.execute(trx);
  await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
}

/** One query of the report, adding what it reads to the rows. */
type ReportQuery = (db: Kysely<Database>, rows: ReportRows) => Promise<void>;

/** The report's queries, longest first; accepted and concluded cases are read once per range. */
function reportQueries(scope: ReportScope, ranges: DayRange[], fromRollup: boolean): ReportQuery[] {
  const { node, year } = scope;
  return [
    ...ranges.map((range): ReportQuery => async (db, rows) => {
      rows.concluded.push(...(await (fromRollup ? concludedFromRollup(db, node, range) : queryConcluded(db, scope, range))));
    }),
    ...ranges.map((range): ReportQuery => async (db, rows) => {
      rows.accepted.push(...(await (fromRollup ? acceptedFromRollup(db, node, year, range) : queryAccepted(db, scope, range))));
    }),
    async (db, rows) => {
      rows.carried = await (fromRollup ? carriedFromRollup(db, node, year) : queryCarried(db, scope));
    },
    async (db, rows) => {
      rows.coverage = await queryCoverage(db, scope);
    },
    // Prevention outcomes by the statistics tables' own queries: the cases with such a record from their small index
    // (migration 023; no scan of the cases added), both years at once; each year's screening rounds as its period.
    async (db, rows) => {
      const cases = await preventionCountsByYear(db, scope.node, `${scope.year - 1}-01-01`, `${scope.year}-12-31`);
      for (const year of [scope.year, scope.year - 1]) {
        rows.prevention.push({ year, cases: cases.get(year) ?? {}, screening: await screeningTotals(db, scope.node, parseStatsPeriod(String(year))!) });
      }
    },
    async (db, rows) => {
      rows.activities = await queryActivities(db, scope);
    },
    async (db, rows) => {
      rows.children = await listChildren(db, scope.node);
    },
  ];
}

/**
 * Everything the report computation needs for one node and year: a handful of GROUP BY queries.
 * SQLite has one connection: the queries run one after the other in one read transaction (one snapshot), each pair
 * of years in one range scan. On PostgreSQL each year is a query of its own and two connections take the queries
 * longest first, so that both cores work until the end (district of the 1,000,000-case bench on 2 cores, medians of
 * 11: ~530 ms, against ~690 ms on one connection with two parallel workers per query, which kept the cores busy only
 * part of the time). The queries share no snapshot there, as under READ COMMITTED they would not in one transaction
 * either: a case written while the report is read may count in one query and not in another.
 */
export async function loadReportRows(db: Kysely<Database>, node: OrgNode, year: number, options: { readCases?: boolean } = {}): Promise<ReportRows> {
  const scope = { node, year };
  const postgres = isPostgres(db as unknown as Kysely<unknown>);
  const fromRollup = postgres && !options.readCases && (node.kind === 'district' || node.kind === 'subdistrict');
  const rows: ReportRows = {
    node: { id: node.id, name: node.name, kind: node.kind, path: node.path },
    year,
    children: [],
    accepted: [],
    concluded: [],
    carried: [],
    activities: [],
    coverage: [],
    prevention: [],
  };
  const bothYears = { from: calendarYear(year - 1).from, to: calendarYear(year).to };
  const queue = reportQueries(scope, postgres ? [calendarYear(year), calendarYear(year - 1)] : [bothYears], fromRollup);
  const connection = () =>
    db.transaction().execute(async (trx) => {
      if (postgres) await tuneForReport(trx);
      try {
        for (let query = queue.shift(); query; query = queue.shift()) await query(trx, rows);
      } catch (e) {
        // The other connection stops after its current query instead of reading rows nobody will use.
        queue.length = 0;
        throw e;
      }
    });
  await Promise.all(Array.from({ length: postgres ? 2 : 1 }, connection));
  return rows;
}
