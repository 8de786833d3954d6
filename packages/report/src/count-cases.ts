import { preventionMeasureOf, type PreventionRow } from './prevention.js';
import type { AcceptedCountRow, CarriedCountRow, ConcludedCountRow, ReportRows } from './rows.js';
import { countStatsRows, type ActivityMeasure, type StatsCaseFact, type StatsMeasure } from './stats-rows.js';

/** The reporting columns of one case, as the server stores them denormalized. */
export interface CaseFact {
  id: string;
  /** The direct child of the report node this case belongs to (for a grid report, the grid). */
  child: string;
  type: string;
  source: string;
  risk: string;
  isGroup: boolean;
  peopleInvolved: number;
  acceptedOn: string;
  concludedOn: string | null;
  outcome: string | null;
  resolvedLevel: string | null;
  body: string | null;
  agreementForm: string | null;
  agreementAmount: number;
  courtConfirmation: string | null;
  followUpCount: number;
  preventedCriminal: boolean;
  preventedPetition: boolean;
  /** The prevention columns (预防效果) as the server stores them; absent: none. */
  prevention?: StatsCaseFact['prevention'];
}

/** Screening rounds by year (the statistics' activity measures): the report's prevention figures add them. */
export type ScreeningByYear = Record<number, Partial<Record<ActivityMeasure, number>>>;

const preventionMeasures = new Set<string>(Object.values(preventionMeasureOf));

/**
 * A year's prevention row counted case by case by the statistics tables' own rule (`countStatsRows`, which the
 * statistics SQL is tested against), keeping only the prevention measures, as the server's query gives them.
 */
function preventionRow(cases: readonly CaseFact[], year: number, screening: ScreeningByYear): PreventionRow {
  const facts: StatsCaseFact[] = cases
    .filter((c) => c.prevention)
    .map((c) => ({
      id: c.id,
      committeeId: null,
      type: c.type,
      source: c.source,
      isGroup: c.isGroup,
      peopleInvolved: c.peopleInvolved,
      partyCount: 0,
      acceptedOn: c.acceptedOn,
      concludedOn: c.concludedOn,
      outcome: c.outcome,
      agreementForm: c.agreementForm,
      agreementAmount: c.agreementAmount,
      courtConfirmation: c.courtConfirmation,
      performance: null,
      prevention: c.prevention!,
    }));
  const sums: PreventionRow['cases'] = {};
  for (const r of countStatsRows(facts, `${year}-01-01`, `${year}-12-31`)) {
    for (const [m, n] of Object.entries(r.counts) as [StatsMeasure, number][]) if (preventionMeasures.has(m)) sums[m] = (sums[m] ?? 0) + n;
  }
  return { year, cases: sums, screening: { ...screening[year] } };
}

const bump = (rec: Record<string, number>, key: string, n = 1) => {
  rec[key] = (rec[key] ?? 0) + n;
};

function groupOf<T>(groups: Map<string, T>, key: string, make: () => T): T {
  let row = groups.get(key);
  if (!row) {
    row = make();
    groups.set(key, row);
  }
  return row;
}

/**
 * The same counting the server does in SQL, over case facts in memory: the reference the SQL is tested
 * against, and a way to build report rows in tests.
 */
export function countCaseRows(
  cases: readonly CaseFact[],
  base: Omit<ReportRows, 'accepted' | 'concluded' | 'carried' | 'prevention'>,
  screening: ScreeningByYear = {},
): ReportRows {
  const from = `${base.year - 1}-01-01`;
  const yearStart = `${base.year}-01-01`;
  const to = `${base.year}-12-31`;
  const accepted = new Map<string, AcceptedCountRow>();
  const concluded = new Map<string, ConcludedCountRow>();
  const carried = new Map<string, CarriedCountRow>();
  for (const c of cases) {
    const notConcludedBefore = (day: string) => c.concludedOn === null || c.concludedOn >= day;
    if (c.acceptedOn >= from && c.acceptedOn <= to) {
      const month = c.acceptedOn.slice(0, 7);
      const row = groupOf(accepted, [month, c.child, c.type].join('|'), () => ({
        month,
        child: c.child,
        type: c.type,
        cases: 0,
        notConcludedBeforeYear: 0,
        groupCases: 0,
        groupPeople: 0,
        bySource: {},
        byRisk: {},
      }));
      row.cases++;
      if (notConcludedBefore(yearStart)) row.notConcludedBeforeYear++;
      if (c.isGroup) {
        row.groupCases++;
        row.groupPeople += c.peopleInvolved;
      }
      bump(row.bySource, c.source);
      bump(row.byRisk, c.risk);
    } else if (c.acceptedOn < from && notConcludedBefore(from)) {
      const row = groupOf(carried, c.child, () => ({ child: c.child, carriedIntoPreviousYear: 0, carriedIntoYear: 0 }));
      row.carriedIntoPreviousYear++;
      if (notConcludedBefore(yearStart)) row.carriedIntoYear++;
    }
    if (c.concludedOn !== null && c.outcome !== null && c.concludedOn >= from && c.concludedOn <= to) {
      const month = c.concludedOn.slice(0, 7);
      const { outcome, resolvedLevel: level, body } = c;
      const row = groupOf(concluded, [month, c.child, outcome, level, body].join('|'), () => ({
        month,
        child: c.child,
        outcome,
        level,
        body,
        cases: 0,
        byType: {},
        writtenAgreements: 0,
        oralAgreements: 0,
        agreementAmount: 0,
        courtApplied: 0,
        courtConfirmed: 0,
        followedUp: 0,
        followUpVisits: 0,
        preventedCriminal: 0,
        preventedPetition: 0,
      }));
      row.cases++;
      bump(row.byType, c.type);
      if (c.agreementForm === 'written') row.writtenAgreements++;
      if (c.agreementForm === 'oral') row.oralAgreements++;
      row.agreementAmount += c.agreementAmount;
      if (c.courtConfirmation && c.courtConfirmation !== 'none') row.courtApplied++;
      if (c.courtConfirmation === 'confirmed') row.courtConfirmed++;
      if (c.followUpCount > 0) row.followedUp++;
      row.followUpVisits += c.followUpCount;
      if (c.preventedCriminal) row.preventedCriminal++;
      if (c.preventedPetition) row.preventedPetition++;
    }
  }
  return {
    ...base,
    accepted: [...accepted.values()],
    concluded: [...concluded.values()],
    carried: [...carried.values()],
    prevention: [preventionRow(cases, base.year, screening), preventionRow(cases, base.year - 1, screening)],
  };
}
