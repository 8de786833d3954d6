import { activityKinds, caseSources, disputeTypes, riskLevels, type OrgNode } from '@tiaojie/domain';
import type { AcceptedCountRow, ActivityRow, CarriedCountRow, ConcludedCountRow, CoverageRow, ReportRows } from '@tiaojie/report';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/index.js';
import { isPostgres } from '../db/migrations/001-foundation.js';
import { inSubtree } from '../org/index.js';
import { childColumnOf, idColumnOf } from './node-columns.js';

const num = (v: unknown) => Number(v ?? 0);
/** Codes become SQL literals only after checking they are plain identifiers from our code lists. */
const literal = (code: string) => {
  if (!/^[a-z0-9_]+$/.test(code)) throw new Error(`unsafe code ${code}`);
  return sql.lit(code);
};
/** `count(*) filter (…)` (SQLite ≥ 3.30, PostgreSQL): the aggregate steps only on matching rows, unlike count(case …). */
const countWhen = (column: string, code: string, alias: string): RawBuilder<unknown> =>
  sql`count(*) filter (where ${sql.ref(column)} = ${literal(code)}) as ${sql.ref(alias)}`;

export interface ReportScope {
  node: OrgNode;
  year: number;
}

const typeCols = disputeTypes.codes.map((c) => countWhen('type', c, `t_${c}`));
const sourceCols = caseSources.codes.map((c) => countWhen('source', c, `s_${c}`));
const riskCols = riskLevels.codes.map((c) => countWhen('risk', c, `r_${c}`));

const pick = (r: Record<string, unknown>, prefix: string, codes: readonly string[]) =>
  Object.fromEntries(codes.map((c) => [c, num(r[`${prefix}${c}`])]).filter(([, n]) => n !== 0));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The live cases of the report node, by the id column of its level. */
const ofNode = (node: OrgNode) => sql`${sql.ref(idColumnOf[node.kind])} = ${node.id} and deleted = 0`;

/**
 * Cases accepted in the report year or the one before, per acceptance month, child and type: one range of the
 * level's (id, accepted_on) covering index for a district or sub-district.
 */
async function queryAccepted(db: Kysely<Database>, { node, year }: ReportScope): Promise<AcceptedCountRow[]> {
  const child = sql.ref(childColumnOf[node.kind]);
  const { rows } = await sql<Record<string, unknown>>`
    select substr(accepted_on, 1, 7) as month, ${child} as child, type, count(*) as cases,
      count(*) filter (where concluded_on is null or concluded_on >= ${`${year}-01-01`}) as not_concluded_before_year,
      sum(is_group) as group_cases, sum(is_group * people_involved) as group_people,
      ${sql.join([...sourceCols, ...riskCols])}
    from cases
    where ${ofNode(node)} and accepted_on >= ${`${year - 1}-01-01`} and accepted_on <= ${`${year}-12-31`}
    group by substr(accepted_on, 1, 7), ${child}, type`.execute(db);
  return rows.map((r) => ({
    month: String(r.month),
    child: String(r.child),
    type: String(r.type),
    cases: num(r.cases),
    notConcludedBeforeYear: num(r.not_concluded_before_year),
    groupCases: num(r.group_cases),
    groupPeople: num(r.group_people),
    bySource: pick(r, 's_', caseSources.codes),
    byRisk: pick(r, 'r_', riskLevels.codes),
  }));
}

/** Cases concluded with an outcome in the report year or the one before: a range of the (id, concluded_on) covering index. */
async function queryConcluded(db: Kysely<Database>, { node, year }: ReportScope): Promise<ConcludedCountRow[]> {
  const child = sql.ref(childColumnOf[node.kind]);
  const { rows } = await sql<Record<string, unknown>>`
    select substr(concluded_on, 1, 7) as month, ${child} as child, outcome, resolved_level as level, body, count(*) as cases,
      ${sql.join(typeCols)},
      count(*) filter (where agreement_form = 'written') as written,
      count(*) filter (where agreement_form = 'oral') as oral,
      sum(agreement_amount) as amount,
      count(*) filter (where court_confirmation <> 'none') as court_applied,
      count(*) filter (where court_confirmation = 'confirmed') as court_confirmed,
      count(*) filter (where follow_up_count > 0) as followed_up,
      sum(follow_up_count) as follow_up_visits,
      sum(prevented_criminal) as prevented_criminal,
      sum(prevented_petition) as prevented_petition
    from cases
    where ${ofNode(node)} and concluded_on >= ${`${year - 1}-01-01`} and concluded_on <= ${`${year}-12-31`} and outcome is not null
    group by substr(concluded_on, 1, 7), ${child}, outcome, resolved_level, body`.execute(db);
  return rows.map((r) => ({
    month: String(r.month),
    child: String(r.child),
    outcome: String(r.outcome),
    level: str(r.level),
    body: str(r.body),
    cases: num(r.cases),
    byType: pick(r, 't_', disputeTypes.codes),
    writtenAgreements: num(r.written),
    oralAgreements: num(r.oral),
    agreementAmount: num(r.amount),
    courtApplied: num(r.court_applied),
    courtConfirmed: num(r.court_confirmed),
    followedUp: num(r.followed_up),
    followUpVisits: num(r.follow_up_visits),
    preventedCriminal: num(r.prevented_criminal),
    preventedPetition: num(r.prevented_petition),
  }));
}

/**
 * Cases accepted before the previous year and still open when it began, per child: the part of the (id, accepted_on)
 * covering index before that year. The child is grouped by as an expression (`|| ''`) so that SQLite does not skip-scan
 * the sub-district index for its order and look each old case up in the table.
 */
async function queryCarried(db: Kysely<Database>, { node, year }: ReportScope): Promise<CarriedCountRow[]> {
  const from = `${year - 1}-01-01`;
  const child = sql`${sql.ref(childColumnOf[node.kind])} || ''`;
  const { rows } = await sql<Record<string, unknown>>`
    select ${child} as child, count(*) as into_previous,
      count(*) filter (where concluded_on is null or concluded_on >= ${`${year}-01-01`}) as into_year
    from cases
    where ${ofNode(node)} and accepted_on < ${from} and (concluded_on is null or concluded_on >= ${from})
    group by ${child}`.execute(db);
  return rows.map((r) => ({ child: String(r.child), carriedIntoPreviousYear: num(r.into_previous), carriedIntoYear: num(r.into_year) }));
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

/** Grids and grid workers as the org stands now; a worker is active in a year with a case or activity of theirs in it. */
export async function queryCoverage(db: Kysely<Database>, { node, year }: ReportScope): Promise<CoverageRow[]> {
  const grids = await db
    .selectFrom('org_nodes')
    .select(sql<number>`count(*)`.as('n'))
    .where('kind', '=', 'grid')
    .where(inSubtree('path', node.path))
    .executeTakeFirstOrThrow();
  const activeIn = (y: number) => sql<number>`sum(case when exists (
      select 1 from cases c where c.created_by = u.id and c.accepted_on >= ${`${y}-01-01`} and c.accepted_on <= ${`${y}-12-31`} and c.deleted = 0
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
 * PostgreSQL settings for the report's few wide GROUP BYs, for this transaction only: with the default 4 MB of
 * work_mem the planner sorts ~80,000 rows on disk (EXPLAIN ANALYZE: "external merge") instead of hashing ~11,000
 * groups in memory; JIT compilation costs more than it saves on queries this short. For a district or sub-district
 * the covering-index scans are made parallel: with its default costs the planner keeps a scan of ~500,000 index
 * entries on one core (EXPLAIN ANALYZE on the 1,000,000-case bench: 470 ms serial, 290 ms with two workers), while
 * communities and grids have too few cases for workers to pay for their start.
 */
async function tuneForReport(trx: Kysely<Database>, node: OrgNode): Promise<void> {
  if (!isPostgres(trx as unknown as Kysely<unknown>)) return;
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`set local jit = off`.execute(trx);
  if (node.kind === 'district' || node.kind === 'subdistrict') {
    await sql`set local parallel_setup_cost = 0`.execute(trx);
    await sql`set local parallel_tuple_cost = 0`.execute(trx);
    await sql`set local min_parallel_index_scan_size = 0`.execute(trx);
  }
}

/** Everything the report computation needs for one node and year: a handful of GROUP BY queries, one snapshot. */
export async function loadReportRows(db: Kysely<Database>, node: OrgNode, year: number): Promise<ReportRows> {
  const scope = { node, year };
  return db.transaction().execute(async (trx) => {
    await tuneForReport(trx, node);
    // Sequential on purpose: SQLite has one connection, and on PostgreSQL each is an index range scan.
    const accepted = await queryAccepted(trx, scope);
    const concluded = await queryConcluded(trx, scope);
    const carried = await queryCarried(trx, scope);
    const activities = await queryActivities(trx, scope);
    const coverage = await queryCoverage(trx, scope);
    const children = await listChildren(trx, node);
    return {
      node: { id: node.id, name: node.name, kind: node.kind, path: node.path },
      year,
      children,
      accepted,
      concluded,
      carried,
      activities,
      coverage,
    };
  });
}
