import type { ActivityKind, NodeKind } from '@tiaojie/domain';

/**
 * Cases counted per group of (accepted month, concluded month, child, outcome, level, body); code lists the
 * report breaks down by but does not group by (type, source, risk) are counted as columns in the same row.
 * The rows must cover every case accepted in the report year or the year before, and every case accepted
 * earlier that was still open on 1 January of the previous year (concluded on or after it, or never).
 */
export interface CaseCountRow {
  /** 'YYYY-MM' of the acceptance date. */
  acceptedMonth: string;
  /** 'YYYY-MM' of the conclusion date; null while open. */
  concludedMonth: string | null;
  child: string;
  outcome: string | null;
  /** Level that resolved the case (an escalated case counts once, here). */
  level: string | null;
  body: string | null;
  cases: number;
  byType: Record<string, number>;
  bySource: Record<string, number>;
  byRisk: Record<string, number>;
  groupCases: number;
  /** People involved in group disputes (群体性纠纷涉及人数). */
  groupPeople: number;
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
  cases: CaseCountRow[];
  activities: ActivityRow[];
  coverage: CoverageRow[];
}
