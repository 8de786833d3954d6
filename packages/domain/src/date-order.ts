import { isIsoDate } from './dates.js';
import type { FieldIssue } from './zod-issues.js';

/** What the date-order rule reads of a case (a stored case, a new case, or a form's draft of one). */
export interface DateOrderInput {
  reportedOn: string;
  acceptedOn: string;
  outcome?: { concludedOn: string } | null | undefined;
  agreement?: { signedOn?: string | undefined } | null | undefined;
  sessions?: Record<string, { date: string }> | undefined;
  investigations?: Record<string, { date: string }> | undefined;
  escalations?: Record<string, { date: string }> | undefined;
  followUps?: Record<string, { date: string }> | undefined;
}

/** Field-level codes of the rule (texts in `validationMessages`); a rejected write carries the code DATES_OUT_OF_ORDER. */
export const dateOrderCodes = [
  'DATE_ORDER',
  'CONCLUDED_BEFORE_ACCEPTED',
  'SESSION_OUTSIDE_CASE',
  'INVESTIGATION_OUTSIDE_CASE',
  'ESCALATION_OUTSIDE_CASE',
  'AGREEMENT_OUTSIDE_CASE',
  'FOLLOW_UP_TOO_EARLY',
] as const;
export type DateOrderCode = (typeof dateOrderCodes)[number];

/**
 * The one rule for the dates of a case, applied on every write path (phone forms, sync mutations, REST writes,
 * ledger rows). A case's life runs from acceptance to conclusion:
 * - 发现 (reportedOn) ≤ 受理 (acceptedOn) ≤ 办结 (outcome.concludedOn);
 * - a mediation session, and an escalation, belong to the handling of the accepted case: not before acceptance,
 *   not after the conclusion (the deadline of 人民调解工作若干规定 §33 also runs from acceptance);
 * - an investigation may come before acceptance (a worker looks into a dispute found on a round before taking it
 *   on), but not before the dispute was reported, nor after the conclusion;
 * - an agreement is reached while the case is handled: not before acceptance, not after the conclusion;
 * - a return visit (回访) checks how an agreement or outcome holds: not before the agreement was signed, or,
 *   without a signing date, not before the conclusion. The signing date comes first because a reopened case keeps
 *   its earlier visits and may be concluded again later; an open case never concluded only needs visits after
 *   acceptance (the phone offers visits on concluded cases only).
 * Dates are 'YYYY-MM-DD' (compared as text); a date that is not one is left to the format check.
 */
export function dateOrderIssues(c: DateOrderInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: string, code: DateOrderCode) => issues.push({ path, code, message: code });
  const valid = (d: string | undefined): d is string => typeof d === 'string' && isIsoDate(d);
  const accepted = valid(c.acceptedOn) ? c.acceptedOn : undefined;
  if (accepted && valid(c.reportedOn) && accepted < c.reportedOn) add('acceptedOn', 'DATE_ORDER');
  const concluded = c.outcome && valid(c.outcome.concludedOn) ? c.outcome.concludedOn : undefined;
  if (accepted && concluded && concluded < accepted) add('outcome.concludedOn', 'CONCLUDED_BEFORE_ACCEPTED');
  const inLife = (d: string) => (!accepted || d >= accepted) && (!concluded || d <= concluded);
  for (const [id, s] of Object.entries(c.sessions ?? {})) {
    if (valid(s.date) && !inLife(s.date)) add(`sessions.${id}.date`, 'SESSION_OUTSIDE_CASE');
  }
  const reported = valid(c.reportedOn) ? c.reportedOn : undefined;
  for (const [id, v] of Object.entries(c.investigations ?? {})) {
    if (valid(v.date) && ((reported && v.date < reported) || (concluded && v.date > concluded))) add(`investigations.${id}.date`, 'INVESTIGATION_OUTSIDE_CASE');
  }
  for (const [id, e] of Object.entries(c.escalations ?? {})) {
    if (valid(e.date) && !inLife(e.date)) add(`escalations.${id}.date`, 'ESCALATION_OUTSIDE_CASE');
  }
  const signed = valid(c.agreement?.signedOn) ? c.agreement.signedOn : undefined;
  if (signed && !inLife(signed)) add('agreement.signedOn', 'AGREEMENT_OUTSIDE_CASE');
  const visitsFrom = signed ?? concluded ?? accepted;
  for (const [id, f] of Object.entries(c.followUps ?? {})) {
    if (valid(f.date) && ((visitsFrom && f.date < visitsFrom) || (accepted && f.date < accepted))) add(`followUps.${id}.date`, 'FOLLOW_UP_TOO_EARLY');
  }
  return issues;
}

/** The earliest and latest date a form may offer for a session, agreement or visit of this case. */
export function dateBoundsFor(kind: 'session' | 'investigation' | 'agreement' | 'followUp', c: DateOrderInput): { min?: string; max?: string } {
  const concluded = c.outcome?.concludedOn;
  if (kind === 'investigation') return { ...(c.reportedOn ? { min: c.reportedOn } : {}), ...(concluded ? { max: concluded } : {}) };
  if (kind === 'followUp') {
    const min = c.agreement?.signedOn ?? concluded ?? c.acceptedOn;
    return min ? { min } : {};
  }
  return { ...(c.acceptedOn ? { min: c.acceptedOn } : {}), ...(concluded ? { max: concluded } : {}) };
}
