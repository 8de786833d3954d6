import type { CaseCountRow, ReportRows } from './rows.js';

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
}

const bump = (rec: Record<string, number>, key: string, n = 1) => {
  rec[key] = (rec[key] ?? 0) + n;
};

/** Whether a case belongs to the rows a report of `year` needs (see CaseCountRow). */
export function isNeededForYear(c: Pick<CaseFact, 'acceptedOn' | 'concludedOn'>, year: number): boolean {
  const from = `${year - 1}-01-01`;
  if (c.acceptedOn >= from) return c.acceptedOn <= `${year}-12-31`;
  return c.concludedOn === null || c.concludedOn >= from;
}

/**
 * The same counting the server does in SQL, over case facts in memory: the reference the SQL is tested
 * against, and a way to build report rows in tests.
 */
export function countCaseRows(cases: readonly CaseFact[], base: Omit<ReportRows, 'cases'>): ReportRows {
  const groups = new Map<string, CaseCountRow>();
  for (const c of cases) {
    if (!isNeededForYear(c, base.year)) continue;
    const acceptedMonth = c.acceptedOn.slice(0, 7);
    const concludedMonth = c.concludedOn?.slice(0, 7) ?? null;
    const key = [acceptedMonth, concludedMonth, c.child, c.outcome, c.resolvedLevel, c.body].join('|');
    let row = groups.get(key);
    if (!row) {
      row = {
        acceptedMonth,
        concludedMonth,
        child: c.child,
        outcome: c.outcome,
        level: c.resolvedLevel,
        body: c.body,
        cases: 0,
        byType: {},
        bySource: {},
        byRisk: {},
        groupCases: 0,
        groupPeople: 0,
        writtenAgreements: 0,
        oralAgreements: 0,
        agreementAmount: 0,
        courtApplied: 0,
        courtConfirmed: 0,
        followedUp: 0,
        followUpVisits: 0,
        preventedCriminal: 0,
        preventedPetition: 0,
      };
      groups.set(key, row);
    }
    row.cases++;
    bump(row.byType, c.type);
    bump(row.bySource, c.source);
    bump(row.byRisk, c.risk);
    if (c.isGroup) {
      row.groupCases++;
      row.groupPeople += c.peopleInvolved;
    }
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
  return { ...base, cases: [...groups.values()] };
}
