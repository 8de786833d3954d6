import { mediationDeadline, toShanghaiDate } from '@tiaojie/domain';

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
