import { addDays, mediationDeadline, toShanghaiDate } from '@tiaojie/domain';

/**
 * When the phone flags a case. Dates are Asia/Shanghai calendar days ('YYYY-MM-DD'), compared as strings.
 * Overdue: still open after the one-month mediation deadline (人民调解工作若干规定 §33).
 */
export function today(now: Date = new Date()): string {
  return toShanghaiDate(now);
}

export function isOverdue(c: { acceptedOn: string; open: boolean }, on: string = today()): boolean {
  return c.open && on > mediationDeadline(c.acceptedOn);
}

/** The first visit is due a week after a successful mediation; then monthly while the agreement is unperformed. */
export const FIRST_FOLLOW_UP_AFTER_DAYS = 7;
export const REPEAT_FOLLOW_UP_AFTER_DAYS = 30;

export interface FollowUpInput {
  outcome: string | null;
  concludedOn: string | null;
  lastFollowUpOn: string | null;
  performance: string | null;
}

export function followUpDueOn(c: FollowUpInput): string | null {
  if (c.outcome !== 'success' || !c.concludedOn) return null;
  if (!c.lastFollowUpOn) return addDays(c.concludedOn, FIRST_FOLLOW_UP_AFTER_DAYS);
  if (c.performance === 'pending' || c.performance === 'partial' || c.performance === 'unfulfilled') {
    return addDays(c.lastFollowUpOn, REPEAT_FOLLOW_UP_AFTER_DAYS);
  }
  return null;
}

export function isFollowUpDue(c: FollowUpInput, on: string = today()): boolean {
  const due = followUpDueOn(c);
  return due !== null && on >= due;
}
