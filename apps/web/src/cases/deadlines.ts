import { mediationDeadline, toShanghaiDate } from '@tiaojie/domain';

/**
 * When the phone flags a case. Dates are Asia/Shanghai calendar days ('YYYY-MM-DD'), compared as strings.
 * Overdue: still open after the one-month mediation deadline (人民调解工作若干规定 §33).
 */
export function today(now: Date = new Date()): string {
  return toShanghaiDate(now);
}

/** Home reminds of a 司法确认 window (30 days from the agreement, 人民调解法 §33) this many days before it ends. */
export const COURT_REMINDER_DAYS = 7;

/** Whole days from `on` to `until` (both 'YYYY-MM-DD'); 0 on the day itself. */
export function daysUntil(until: string, on: string = today()): number {
  return Math.round((Date.parse(until) - Date.parse(on)) / 86_400_000);
}

export function isOverdue(c: { acceptedOn: string; open: boolean }, on: string = today()): boolean {
  return c.open && on > mediationDeadline(c.acceptedOn);
}
