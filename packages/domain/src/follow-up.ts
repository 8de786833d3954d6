import type { DisputeCase } from './case.js';
import { addDays } from './dates.js';

/** The first return visit is due a week after a successful mediation; then monthly while the agreement is unperformed. */
export const FIRST_FOLLOW_UP_AFTER_DAYS = 7;
export const REPEAT_FOLLOW_UP_AFTER_DAYS = 30;

export interface FollowUpInput {
  outcome: string | null;
  concludedOn: string | null;
  lastFollowUpOn: string | null;
  performance: string | null;
}

/** The day the next return visit is due ('YYYY-MM-DD'), or null when none is owed. */
export function followUpDueOn(c: FollowUpInput): string | null {
  if (c.outcome !== 'success' || !c.concludedOn) return null;
  if (!c.lastFollowUpOn) return addDays(c.concludedOn, FIRST_FOLLOW_UP_AFTER_DAYS);
  if (c.performance === 'pending' || c.performance === 'partial' || c.performance === 'unfulfilled') {
    return addDays(c.lastFollowUpOn, REPEAT_FOLLOW_UP_AFTER_DAYS);
  }
  return null;
}

/** What the follow-up rule reads of a case: its outcome and its latest visit. */
export function followUpInputOf(c: DisputeCase): FollowUpInput {
  let last: DisputeCase['followUps'][string] | undefined;
  for (const visit of Object.values(c.followUps)) if (!last || visit.date >= last.date) last = visit;
  return {
    outcome: c.outcome?.code ?? null,
    concludedOn: c.outcome?.concludedOn ?? null,
    lastFollowUpOn: last?.date ?? null,
    performance: last?.performance ?? c.agreement?.performance ?? null,
  };
}
