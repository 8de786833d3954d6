import { caseSources, disputeTypes, riskLevels } from '@tiaojie/domain';
import type { AcceptedCountRow, CarriedCountRow, ConcludedCountRow } from '@tiaojie/report';

/** The report's count rows from their SQL rows: the same shape whether a query read the cases or a rollup. */
const num = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * Reads a row's non-zero counts per code from its columns `${prefix}${code}`. The column names are built once: the
 * district report maps ~7,000 rows, and building them per row (with Object.fromEntries) took ~25 ms of Node's time.
 */
const countsPerCode = (prefix: string, codes: readonly string[]) => {
  const columns = codes.map((code) => [`${prefix}${code}`, code] as const);
  return (r: Record<string, unknown>) => {
    const counts: Record<string, number> = {};
    for (const [column, code] of columns) {
      const n = num(r[column]);
      if (n !== 0) counts[code] = n;
    }
    return counts;
  };
};
const typeCounts = countsPerCode('t_', disputeTypes.codes);
const sourceCounts = countsPerCode('s_', caseSources.codes);
const riskCounts = countsPerCode('r_', riskLevels.codes);

/** Columns: month, child, type, cases, not_concluded_before_year, group_cases, group_people, s_<source>…, r_<risk>…. */
export const acceptedCountRow = (r: Record<string, unknown>): AcceptedCountRow => ({
  month: String(r.month),
  child: String(r.child),
  type: String(r.type),
  cases: num(r.cases),
  notConcludedBeforeYear: num(r.not_concluded_before_year),
  groupCases: num(r.group_cases),
  groupPeople: num(r.group_people),
  bySource: sourceCounts(r),
  byRisk: riskCounts(r),
});

/** Columns: month, child, outcome, level, body, cases, t_<type>…, written, oral, amount, court_applied, court_confirmed, followed_up, follow_up_visits, prevented_criminal, prevented_petition. */
export const concludedCountRow = (r: Record<string, unknown>): ConcludedCountRow => ({
  month: String(r.month),
  child: String(r.child),
  outcome: String(r.outcome),
  level: str(r.level),
  body: str(r.body),
  cases: num(r.cases),
  byType: typeCounts(r),
  writtenAgreements: num(r.written),
  oralAgreements: num(r.oral),
  agreementAmount: num(r.amount),
  courtApplied: num(r.court_applied),
  courtConfirmed: num(r.court_confirmed),
  followedUp: num(r.followed_up),
  followUpVisits: num(r.follow_up_visits),
  preventedCriminal: num(r.prevented_criminal),
  preventedPetition: num(r.prevented_petition),
});

/** Columns: child, into_previous, into_year. */
export const carriedCountRow = (r: Record<string, unknown>): CarriedCountRow => ({
  child: String(r.child),
  carriedIntoPreviousYear: num(r.into_previous),
  carriedIntoYear: num(r.into_year),
});
