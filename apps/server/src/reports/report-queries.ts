import { activityKinds, caseSources, disputeTypes, riskLevels, type OrgNode } from '@tiaojie/domain';
import type { AcceptedRow, ActivityRow, ConcludedRow, CoverageRow, ReportRows, StillOpenRow } from '@tiaojie/report';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/index.js';
import { inSubtree } from '../org/index.js';
import { childColumnOf, idColumnOf } from './node-columns.js';

const num = (v: unknown) => Number(v ?? 0);
/** Codes become SQL literals only after checking they are plain identifiers from our code lists. */
const literal = (code: string) => {
  if (!/^[a-z0-9_]+$/.test(code)) throw new Error(`unsafe code ${code}`);
  return sql.lit(code);
};
const countWhen = (column: string, code: string, alias: string): RawBuilder<unknown> =>
  sql`sum(case when ${sql.ref(column)} = ${literal(code)} then 1 else 0 end) as ${sql.ref(alias)}`;

export interface ReportScope {
  node: OrgNode;
  year: number;
}

/**
 * Cases accepted in the report year and the one before, per (month, child, type); sources, risks and group
 * disputes are counted in the same pass as columns, so the rows stay few.
 */
export async function queryAccepted(db: Kysely<Database>, { node, year }: ReportScope): Promise<AcceptedRow[]> {
  const id = sql.ref(idColumnOf[node.kind]);
  const child = sql.ref(childColumnOf[node.kind]);
  const sourceCols = caseSources.codes.map((c) => countWhen('source', c, `s_${c}`));
  const riskCols = riskLevels.codes.map((c) => countWhen('risk', c, `r_${c}`));
  const { rows } = await sql<Record<string, unknown>>`
    select substr(accepted_on, 1, 7) as month, ${child} as child, type, count(*) as cases,
      ${sql.join([...sourceCols, ...riskCols])},
      sum(is_group) as group_cases,
      sum(case when is_group = 1 then people_involved else 0 end) as group_people
    from cases
    where ${id} = ${node.id} and accepted_on >= ${`${year - 1}-01-01`} and accepted_on <= ${`${year}-12-31`} and deleted = 0
    group by substr(accepted_on, 1, 7), ${child}, type`.execute(db);
  return rows.map((r) => ({
    month: String(r.month),
    child: String(r.child),
    type: String(r.type),
    cases: num(r.cases),
    bySource: Object.fromEntries(caseSources.codes.map((c) => [c, num(r[`s_${c}`])])),
    byRisk: Object.fromEntries(riskLevels.codes.map((c) => [c, num(r[`r_${c}`])])),
    groupCases: num(r.group_cases),
    groupPeople: num(r.group_people),
  }));
}

/**
 * Cases concluded from 1 January of the previous year on (later years too: a case concluded after the
 * report year was still open in it, which is how carry-over is counted without scanning all history).
 */
export async function queryConcluded(db: Kysely<Database>, { node, year }: ReportScope): Promise<ConcludedRow[]> {
  const id = sql.ref(idColumnOf[node.kind]);
  const child = sql.ref(childColumnOf[node.kind]);
  const typeCols = disputeTypes.codes.map((c) => countWhen('type', c, `t_${c}`));
  const { rows } = await sql<Record<string, unknown>>`
    select substr(concluded_on, 1, 7) as month, ${child} as child, outcome, resolved_level as level, body, count(*) as cases,
      ${sql.join(typeCols)},
      sum(case when accepted_on < ${`${year}-01-01`} then 1 else 0 end) as accepted_before_year,
      sum(case when agreement_form = 'written' then 1 else 0 end) as written,
      sum(case when agreement_form = 'oral' then 1 else 0 end) as oral,
      sum(agreement_amount) as amount,
      sum(case when court_confirmation is not null and court_confirmation <> 'none' then 1 else 0 end) as court_applied,
      sum(case when court_confirmation = 'confirmed' then 1 else 0 end) as court_confirmed,
      sum(case when follow_up_count > 0 then 1 else 0 end) as followed_up,
      sum(follow_up_count) as follow_up_visits,
      sum(prevented_criminal) as prevented_criminal,
      sum(prevented_petition) as prevented_petition
    from cases
    where ${id} = ${node.id} and concluded_on >= ${`${year - 1}-01-01`} and outcome is not null and deleted = 0
    group by substr(concluded_on, 1, 7), ${child}, outcome, resolved_level, body`.execute(db);
  return rows.map((r) => ({
    month: String(r.month),
    child: String(r.child),
    outcome: String(r.outcome),
    level: r.level === null ? null : String(r.level),
    body: r.body === null ? null : String(r.body),
    cases: num(r.cases),
    byType: Object.fromEntries(disputeTypes.codes.map((c) => [c, num(r[`t_${c}`])])),
    acceptedBeforeYear: num(r.accepted_before_year),
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

/** Cases open today that were accepted before the report year: the rest of the carry-over. */
export async function queryStillOpen(db: Kysely<Database>, { node, year }: ReportScope): Promise<StillOpenRow[]> {
  const id = sql.ref(idColumnOf[node.kind]);
  const child = sql.ref(childColumnOf[node.kind]);
  const { rows } = await sql<Record<string, unknown>>`
    select ${child} as child, count(*) as cases from cases
    where ${id} = ${node.id} and concluded_on is null and accepted_on < ${`${year}-01-01`} and deleted = 0
    group by ${child}`.execute(db);
  return rows.map((r) => ({ child: String(r.child), cases: num(r.cases) }));
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

/** Everything the report computation needs for one node and year: a handful of GROUP BY queries. */
export async function loadReportRows(db: Kysely<Database>, node: OrgNode, year: number): Promise<ReportRows> {
  const scope = { node, year };
  // Sequential on purpose: SQLite has one connection, and on PostgreSQL each is an index range scan.
  const accepted = await queryAccepted(db, scope);
  const concluded = await queryConcluded(db, scope);
  const stillOpen = await queryStillOpen(db, scope);
  const activities = await queryActivities(db, scope);
  const coverage = await queryCoverage(db, scope);
  const children = await listChildren(db, node);
  return {
    node: { id: node.id, name: node.name, kind: node.kind, path: node.path },
    year,
    children,
    accepted,
    concluded,
    stillOpen,
    activities,
    coverage,
  };
}
