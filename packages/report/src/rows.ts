import type { ActivityKind, NodeKind } from '@tiaojie/domain';

/**
 * What the server's GROUP BY queries return, and all the report computation needs. Months are 'YYYY-MM'
 * (Asia/Shanghai dates cut to the month). `child` is the id of the direct child node the case belongs to
 * (for a grid, the grid itself). Counts per code are keyed by code; a missing code counts 0.
 */
export interface AcceptedRow {
  /** Month of acceptance, 'YYYY-MM'; the rows cover the report year and the year before it. */
  month: string;
  child: string;
  type: string;
  cases: number;
  bySource: Record<string, number>;
  byRisk: Record<string, number>;
  groupCases: number;
  /** People involved in group disputes (群体性纠纷涉及人数). */
  groupPeople: number;
}

export interface ConcludedRow {
  /** Month of conclusion, 'YYYY-MM'; rows cover the year before the report year and every later month. */
  month: string;
  child: string;
  outcome: string;
  /** Level that resolved the case (an escalated case counts once, here); null if never recorded. */
  level: string | null;
  body: string | null;
  cases: number;
  byType: Record<string, number>;
  /** Cases in this row accepted before 1 January of the report year: they were carried over into it. */
  acceptedBeforeYear: number;
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

/** Cases never concluded (still open today) and accepted before 1 January of the report year, per child. */
export interface StillOpenRow {
  child: string;
  cases: number;
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
  accepted: AcceptedRow[];
  concluded: ConcludedRow[];
  stillOpen: StillOpenRow[];
  activities: ActivityRow[];
  coverage: CoverageRow[];
}
