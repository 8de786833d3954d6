import type { ActivityKind, NodeKind } from '@tiaojie/domain';
import type { PreventionRow } from './prevention.js';

/**
 * The report's case figures come from three kinds of counted rows, each grouped only by what the figures built from
 * it break down by, so that the server can count them in narrow GROUP BYs:
 * - AcceptedCountRow: cases accepted in the report year or the year before (accepted figures, carried over from the
 *   previous year);
 * - ConcludedCountRow: cases concluded, with an outcome, in the report year or the year before (concluded figures);
 * - CarriedCountRow: cases accepted earlier that were still open on 1 January of the previous year.
 */
export interface AcceptedCountRow {
  /** 'YYYY-MM' of the acceptance date. */
  month: string;
  child: string;
  type: string;
  cases: number;
  /**
   * Of these, the cases not concluded before 1 January of the report year (concluded on or after it, or still open):
   * for cases accepted in the previous year, those carried over into the report year.
   */
  notConcludedBeforeYear: number;
  groupCases: number;
  /** People involved in group disputes (群体性纠纷涉及人数). */
  groupPeople: number;
  bySource: Record<string, number>;
  byRisk: Record<string, number>;
}

export interface ConcludedCountRow {
  /** 'YYYY-MM' of the conclusion date. */
  month: string;
  child: string;
  outcome: string;
  /** Level that resolved the case (an escalated case counts once, here). */
  level: string | null;
  body: string | null;
  cases: number;
  byType: Record<string, number>;
  writtenAgreements: number;
  oralAgreements: number;
  agreementAmount: number;
  courtApplied: number;
  courtConfirmed: number;
  followedUp: number;
  followUpVisits: number;
  preventedCriminal: number;
  preventedPetition: number;
}

export interface CarriedCountRow {
  child: string;
  /** Cases accepted before the previous year and not concluded before it began (carried over into it). */
  carriedIntoPreviousYear: number;
  /** Of these, the cases not concluded before the report year began either (carried over into it). */
  carriedIntoYear: number;
}

export interface ActivityRow {
  year: number;
  kind: ActivityKind | string;
  count: number;
  participants: number;
  disputesFound: number;
}

export interface CoverageRow {
  year: number;
  grids: number;
  gridWorkers: number;
  /** Grid workers with at least one case accepted or activity held in the year. */
  activeGridWorkers: number;
}

export interface ReportNode {
  id: string;
  name: string;
  kind: NodeKind;
  path: string;
}

export interface ReportRows {
  node: ReportNode;
  year: number;
  /** The direct children of the node in display order (a grid has none). */
  children: { id: string; name: string; kind: NodeKind }[];
  accepted: AcceptedCountRow[];
  concluded: ConcludedCountRow[];
  carried: CarriedCountRow[];
  activities: ActivityRow[];
  coverage: CoverageRow[];
  /** Prevention outcomes of the report year and the year before, one row each. */
  prevention: PreventionRow[];
}
