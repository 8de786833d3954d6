import { z } from 'zod';
import { levelRank, riskLevels, type CaseStatus, type Level, type RiskLevel } from './codes.js';
import { riskGradeSince } from './risk-since.js';

/**
 * What a risk grade requires: the level the case must reach (be reported to) within `minutes` of getting the grade,
 * and whether the case escalates itself there when nobody acted in time. At the grid level "reached" means a
 * mediator took the case up (mediation started).
 */
export interface RiskLimit {
  minutes: number;
  level: Level;
  autoEscalate: boolean;
}
export type RiskLimits = Record<RiskLevel, RiskLimit>;

/** Defaults a sub-district may change (its setting): 红 1 h to the sub-district; 橙 1 day; 黄 3 days; 蓝 7 days. */
export const defaultRiskLimits: RiskLimits = {
  red: { minutes: 60, level: 'subdistrict', autoEscalate: true },
  orange: { minutes: 24 * 60, level: 'community', autoEscalate: false },
  yellow: { minutes: 3 * 24 * 60, level: 'community', autoEscalate: false },
  blue: { minutes: 7 * 24 * 60, level: 'grid', autoEscalate: false },
};

const riskLimitSchema = z.object({
  minutes: z.number().int().min(1).max(90 * 24 * 60),
  level: z.enum(['grid', 'community', 'subdistrict', 'district']),
  autoEscalate: z.boolean(),
});
export const riskLimitsSchema = z.object(Object.fromEntries(riskLevels.codes.map((g) => [g, riskLimitSchema])) as Record<RiskLevel, typeof riskLimitSchema>);

/** The share of a limit before its end from which the phone warns (the last quarter). */
export const WARN_SHARE = 0.25;

export type RiskClockState = 'met' | 'running' | 'approaching' | 'passed';

export interface RiskClockInput {
  risk: RiskLevel;
  status: CaseStatus;
  handlingLevel: Level;
  createdAt: string;
  riskChanges?: Record<string, { to: RiskLevel; at: string }>;
}

export interface RiskClock {
  grade: RiskLevel;
  requiredLevel: Level;
  startedAt: string;
  dueAt: string;
  state: RiskClockState;
  /** Minutes until the limit (negative once passed). */
  minutesLeft: number;
  /** The case should escalate itself now to `requiredLevel` (its limit passed, the grade says so, nobody acted). */
  escalateNow: boolean;
}

/**
 * The time limit of a case's risk grade, counted from when it got its current grade (intake, or the latest change to
 * it). Pure: the caller passes the clock.
 */
export function riskClock(c: RiskClockInput, limits: RiskLimits, now: Date): RiskClock {
  const limit = limits[c.risk];
  const startedAt = riskGradeSince(c);
  const start = Date.parse(startedAt);
  const due = start + limit.minutes * 60_000;
  const minutesLeft = Math.floor((due - now.getTime()) / 60_000);
  const open = c.status === 'accepted' || c.status === 'mediating';
  const reached = limit.level === 'grid' ? c.status !== 'accepted' : levelRank[c.handlingLevel] >= levelRank[limit.level];
  let state: RiskClockState;
  if (!open || reached) state = 'met';
  else if (now.getTime() >= due) state = 'passed';
  else if (due - now.getTime() <= limit.minutes * 60_000 * WARN_SHARE) state = 'approaching';
  else state = 'running';
  return {
    grade: c.risk,
    requiredLevel: limit.level,
    startedAt,
    dueAt: new Date(due).toISOString(),
    state,
    minutesLeft,
    escalateNow: state === 'passed' && limit.autoEscalate && limit.level !== 'grid',
  };
}
