import type { ActivityKind, CaseSource, DisputeType, Level, MediatingBody, OutcomeCode, RiskLevel } from '@tiaojie/domain';
import type { PreventionFigures } from './prevention.js';
import type { Change, Rate } from './rate.js';
import type { ReportNode } from './rows.js';

export interface TypeLine {
  key: DisputeType;
  accepted: number;
  concluded: number;
  succeeded: number;
}
export interface CountLine<K extends string> {
  key: K;
  accepted: number;
}
export interface BodyLine {
  key: MediatingBody;
  concluded: number;
  mediated: number;
  succeeded: number;
}
export interface LevelLine {
  key: Level;
  resolved: number;
  share: Rate;
}
export interface MonthLine {
  month: number;
  accepted: number;
  concluded: number;
  succeeded: number;
}
export interface ChildLine {
  id: string;
  name: string;
  accepted: number;
  carriedOver: number;
  concluded: number;
  mediated: number;
  succeeded: number;
  openAtYearEnd: number;
  successRate: Rate;
  resolutionRate: Rate;
}
export interface ActivityLine {
  key: ActivityKind;
  count: number;
  participants: number;
  disputesFound: number;
}

/** Every figure of the counting rules for one node and one calendar year. */
export interface YearFigures {
  year: number;
  accepted: number;
  carriedOver: number;
  concluded: number;
  concludedByOutcome: Record<OutcomeCode, number>;
  openAtYearEnd: number;
  mediated: number;
  succeeded: number;
  successRate: Rate;
  resolutionRate: Rate;
  /** Resolved = concluded with 调解成功; counted once, at the level that resolved it. */
  resolved: number;
  byLevel: LevelLine[];
  byType: TypeLine[];
  bySource: CountLine<CaseSource>[];
  byRisk: CountLine<RiskLevel>[];
  groupDisputes: number;
  groupPeople: number;
  byBody: BodyLine[];
  byMonth: MonthLine[];
  byChild: ChildLine[];
  activities: ActivityLine[];
  coverage: { grids: number; gridWorkers: number; activeGridWorkers: number; activeShare: Rate };
  agreements: {
    written: number;
    oral: number;
    /** Written agreements ÷ successful mediations. */
    writtenShare: Rate;
    amount: number;
    courtApplied: number;
    courtConfirmed: number;
    /** Court confirmations applied for ÷ written agreements. */
    courtShare: Rate;
    followedUp: number;
    followUpVisits: number;
    /** Successful cases visited at least once ÷ successful cases. */
    followUpShare: Rate;
  };
  /** Flags on the cases concluded in the year (防止民转刑, 防止群体性上访), as reports before `prevention` counted them. */
  prevented: { criminal: number; petition: number };
  /**
   * Prevention outcomes (预防效果) by the statistics tables' rules. Absent in reports signed before the annual report
   * carried them: those did not record them (not zero).
   */
  prevention?: PreventionFigures;
}

export const headlineKeys = [
  'accepted',
  'carriedOver',
  'concluded',
  'openAtYearEnd',
  'mediated',
  'succeeded',
  'resolved',
  'groupDisputes',
] as const;
export type HeadlineKey = (typeof headlineKeys)[number];

/**
 * Where the previous year's figures come from. Absent: computed now from the live data, like the current year.
 * 'signed': the previous year was signed off, so its signed figures are the published ones compared with.
 */
export type PreviousYearSource = { kind: 'signed'; version: number; signedAt: string };

export interface AnnualReport {
  node: ReportNode;
  year: number;
  current: YearFigures;
  previous: YearFigures;
  changes: Record<HeadlineKey, Change> & { successRate: Change; resolutionRate: Change };
  previousSource?: PreviousYearSource;
}
