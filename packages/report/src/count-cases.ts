import type { AcceptedRow, ConcludedRow, ReportRows } from './rows.js';

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

/**
 * The same counting the server does in SQL, over case facts in memory: the reference the SQL is tested
 * against, and a way to build report rows in tests.
 */
export function countCaseRows(
  cases: readonly CaseFact[],
  base: Omit<ReportRows, 'accepted' | 'concluded' | 'stillOpen'>,
): ReportRows {
  const y = base.year;
  const from = `${y - 1}-01-01`;
  const yearStart = `${y}-01-01`;
  const yearEnd = `${y}-12-31`;
  const accepted = new Map<string, AcceptedRow>();
  const concluded = new Map<string, ConcludedRow>();
  const stillOpen = new Map<string, number>();
  for (const c of cases) {
    if (c.acceptedOn >= from && c.acceptedOn <= yearEnd) {
      const month = c.acceptedOn.slice(0, 7);
      const key = `${month}|${c.child}|${c.type}`;
      let row = accepted.get(key);
      if (!row) {
        row = { month, child: c.child, type: c.type, cases: 0, bySource: {}, byRisk: {}, groupCases: 0, groupPeople: 0 };
        accepted.set(key, row);
      }
      row.cases++;
      bump(row.bySource, c.source);
      bump(row.byRisk, c.risk);
      if (c.isGroup) {
        row.groupCases++;
        row.groupPeople += c.peopleInvolved;
      }
    }
    if (c.concludedOn !== null && c.concludedOn >= from && c.outcome) {
      const month = c.concludedOn.slice(0, 7);
      const key = `${month}|${c.child}|${c.outcome}|${c.resolvedLevel}|${c.body}`;
      let row = concluded.get(key);
      if (!row) {
        row = {
          month,
          child: c.child,
          outcome: c.outcome,
          level: c.resolvedLevel,
          body: c.body,
          cases: 0,
          byType: {},
          acceptedBeforeYear: 0,
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
        concluded.set(key, row);
      }
      row.cases++;
      bump(row.byType, c.type);
      if (c.acceptedOn < yearStart) row.acceptedBeforeYear++;
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
    if (c.concludedOn === null && c.acceptedOn < yearStart) stillOpen.set(c.child, (stillOpen.get(c.child) ?? 0) + 1);
  }
  return {
    ...base,
    accepted: [...accepted.values()],
    concluded: [...concluded.values()],
    stillOpen: [...stillOpen].map(([child, n]) => ({ child, cases: n })),
  };
}
