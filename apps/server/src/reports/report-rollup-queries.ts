import { caseSources, disputeTypes, riskLevels, type OrgNode } from '@tiaojie/domain';
import type { AcceptedCountRow, CarriedCountRow, ConcludedCountRow } from '@tiaojie/report';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { acceptedCountRow, carriedCountRow, concludedCountRow } from './report-count-rows.js';
import { childColumnOf, idColumnOf } from './node-columns.js';

/**
 * The annual report's counts of a sub-district or district on PostgreSQL, read from the rollups of migration 025
 * (`report_accepted_months`, `report_concluded_months`) instead of its cases: the same rows as report-queries.ts
 * reads from the cases (report-rollup.test.ts holds them equal). Only for whole months: the report's ranges are
 * calendar years. A rollup row whose cases all went (deleted, corrected into another row) stays with zero sums; such
 * groups are left out as the cases' GROUP BY has none.
 */

/** Months from `from` to `to` ('YYYY-MM-DD', whole months). */
interface MonthRange {
  from: string;
  to: string;
}

/** The column sums of a code list, named as the cases' queries name their counts (sql.ref quotes each name). */
const sumEach = (prefix: string, codes: readonly string[]) => codes.map((c) => sql`sum(${sql.ref(`${prefix}${c}`)}) as ${sql.ref(`${prefix}${c}`)}`);

const ofNode = (node: OrgNode) => sql`${sql.ref(idColumnOf[node.kind])} = ${node.id}`;
const inMonths = ({ from, to }: MonthRange) => sql`month >= ${from.slice(0, 7)} and month <= ${to.slice(0, 7)}`;
/** Still open when `year` began: concluded in it or later, or not at all ('' is open, and sorts before every year). */
const openAt = (year: number) => sql`(concluded_year = '' or concluded_year >= ${String(year)})`;

export async function acceptedFromRollup(db: Kysely<Database>, node: OrgNode, year: number, range: MonthRange): Promise<AcceptedCountRow[]> {
  const child = sql.ref(childColumnOf[node.kind]);
  const { rows } = await sql<Record<string, unknown>>`
    select month, ${child} as child, type, sum(n) as cases,
      coalesce(sum(n) filter (where ${openAt(year)}), 0) as not_concluded_before_year,
      sum(group_cases) as group_cases, sum(group_people) as group_people,
      ${sql.join([...sumEach('s_', caseSources.codes), ...sumEach('r_', riskLevels.codes)])}
    from report_accepted_months
    where ${ofNode(node)} and ${inMonths(range)}
    group by month, ${child}, type
    having sum(n) <> 0`.execute(db);
  return rows.map(acceptedCountRow);
}

export async function concludedFromRollup(db: Kysely<Database>, node: OrgNode, range: MonthRange): Promise<ConcludedCountRow[]> {
  const child = sql.ref(childColumnOf[node.kind]);
  const { rows } = await sql<Record<string, unknown>>`
    select month, ${child} as child, outcome, nullif(resolved_level, '') as level, nullif(body, '') as body, sum(n) as cases,
      ${sql.join(sumEach('t_', disputeTypes.codes))},
      sum(written) as written, sum(oral) as oral, sum(amount) as amount,
      sum(court_applied) as court_applied, sum(court_confirmed) as court_confirmed,
      sum(followed_up) as followed_up, sum(follow_up_visits) as follow_up_visits,
      sum(prevented_criminal) as prevented_criminal, sum(prevented_petition) as prevented_petition
    from report_concluded_months
    where ${ofNode(node)} and ${inMonths(range)}
    group by month, ${child}, outcome, resolved_level, body
    having sum(n) <> 0`.execute(db);
  return rows.map(concludedCountRow);
}

/** Cases accepted before the previous year and open when it began, per child: how many were still open when the year began. */
export async function carriedFromRollup(db: Kysely<Database>, node: OrgNode, year: number): Promise<CarriedCountRow[]> {
  const child = sql.ref(childColumnOf[node.kind]);
  const { rows } = await sql<Record<string, unknown>>`
    select ${child} as child, sum(n) as into_previous, coalesce(sum(n) filter (where ${openAt(year)}), 0) as into_year
    from report_accepted_months
    where ${ofNode(node)} and month < ${`${year - 1}-01`} and ${openAt(year - 1)}
    group by ${child}
    having sum(n) <> 0`.execute(db);
  return rows.map(carriedCountRow);
}
