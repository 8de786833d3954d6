import { z } from 'zod';
import { caseStatuses, disputeTypes, intakeChannels, intakeChannelSource, intakeLimitStates, outcomes, type IntakeChannel, type IntakeLimitState } from './codes.js';
import { isIsoDate, toShanghaiDate } from './dates.js';
import { limitedText } from './limits.js';
import { WARN_SHARE } from './risk-deadline.js';
import type { FieldIssue } from './zod-issues.js';

/** Lengths of the intake block's texts: a 12345 order or court case number, and the sender's name. */
export const intakeTextLimits = { number: 50, sender: 100 } as const;

/**
 * Where a case came in from, for answering back to the sender (issue 17 §4): the channel, the sender's number for
 * it (12345 工单号, the court's 案号, the police 移交编号), the sender (法院 / 派出所), when it was received, and a
 * deadline the sender set (a court's 委派 usually names one). A 12345 order and a court delegation always carry
 * their number; a police hand-over names its station or its number.
 */
export const intakeSchema = z
  .object({
    channel: z.enum(intakeChannels.codes),
    number: limitedText(intakeTextLimits.number).trim().optional(),
    sender: limitedText(intakeTextLimits.sender).trim().optional(),
    receivedAt: z.iso.datetime({ offset: true, message: 'DATE_FORMAT' }),
    deadline: z.string().refine(isIsoDate, { message: 'DATE_FORMAT' }).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.channel !== 'police' && !b.number) ctx.addIssue({ code: 'custom', path: ['number'], message: 'REQUIRED' });
    if (b.channel === 'police' && !b.number && !b.sender) ctx.addIssue({ code: 'custom', path: ['sender'], message: 'INTAKE_POLICE_SENDER' });
  });
export type Intake = z.infer<typeof intakeSchema>;

/** The block must belong to the case's source (a 12345 order on a 12345 case …): else INTAKE_SOURCE_MISMATCH. */
export function intakeIssues(c: { source: string; intake?: { channel: IntakeChannel } | null | undefined }): FieldIssue[] {
  if (!c.intake || intakeChannelSource[c.intake.channel] === c.source) return [];
  return [{ path: 'intake.channel', code: 'INTAKE_SOURCE_MISMATCH', message: 'INTAKE_SOURCE_MISMATCH' }];
}

/**
 * A channel's time limits: make contact within `contactHours` of receiving the case, conclude it within
 * `concludeDays` (calendar days, counted from the received time). null: the channel sets no such limit.
 */
export interface IntakeLimit {
  contactHours: number | null;
  concludeDays: number | null;
}
export type IntakeLimits = Record<IntakeChannel, IntakeLimit>;

/** Defaults: 12345 contact within 24 h and answer within 5 days; a court delegation 30 days; police contact within 24 h. */
export const defaultIntakeLimits: IntakeLimits = {
  hotline_12345: { contactHours: 24, concludeDays: 5 },
  court: { contactHours: null, concludeDays: 30 },
  police: { contactHours: 24, concludeDays: null },
};

const intakeLimitSchema = z.object({
  contactHours: z.number().int().min(1).max(30 * 24).nullable(),
  concludeDays: z.number().int().min(1).max(365).nullable(),
});
export const intakeLimitsSchema = z.object(
  Object.fromEntries(intakeChannels.codes.map((ch) => [ch, intakeLimitSchema])) as Record<IntakeChannel, typeof intakeLimitSchema>,
);

export type IntakeClockKind = 'contact' | 'conclude';

export interface IntakeClock {
  kind: IntakeClockKind;
  dueAt: string;
  state: IntakeLimitState;
  /** Minutes until the limit (negative once passed); of a limit met, the minutes that were left at `now`. */
  minutesLeft: number;
}

/** What the clocks read of a case. */
export interface IntakeClockInput {
  status: string;
  intake?: Pick<Intake, 'channel' | 'receivedAt' | 'deadline'> | null | undefined;
  outcome?: { concludedOn: string } | null | undefined;
  sessions?: Record<string, { date: string }> | undefined;
  investigations?: Record<string, { date: string }> | undefined;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The end of an Asia/Shanghai calendar day (a deadline date) as an instant. */
const endOfShanghaiDay = (date: string) => Date.parse(`${date}T00:00:00+08:00`) + DAY;

/**
 * The channel's limits on a case at `now`, contact first. Contact counts as made by the first session or
 * investigation (or once mediation started or the case ended); lateness is judged by its date, the only time the
 * record keeps. Concluding is judged by the outcome's date. A sender's own deadline counts when it comes first.
 * Pure: the caller passes the clock and the limits.
 */
export function intakeClocks(c: IntakeClockInput, limits: IntakeLimits, now: Date): IntakeClock[] {
  if (!c.intake) return [];
  const limit = limits[c.intake.channel];
  const received = Date.parse(c.intake.receivedAt);
  const clocks: IntakeClock[] = [];
  const contactDates = [...Object.values(c.sessions ?? {}), ...Object.values(c.investigations ?? {})].map((x) => x.date).sort();
  const concludedOn = c.outcome?.concludedOn;
  if (limit.contactHours !== null) {
    const contacted = contactDates[0] ?? (c.status !== 'accepted' ? (concludedOn ?? toShanghaiDate(now)) : undefined);
    clocks.push(clock('contact', received, received + limit.contactHours * HOUR, contacted, now));
  }
  let due = limit.concludeDays !== null ? received + limit.concludeDays * DAY : undefined;
  if (c.intake.deadline) due = Math.min(due ?? Number.POSITIVE_INFINITY, endOfShanghaiDay(c.intake.deadline));
  if (due !== undefined) clocks.push(clock('conclude', received, due, concludedOn, now));
  return clocks;
}

function clock(kind: IntakeClockKind, start: number, due: number, doneOn: string | undefined, now: Date): IntakeClock {
  const left = due - now.getTime();
  let state: IntakeLimitState;
  // Done on a date: late only if that whole day is after the due instant's day (the record keeps no time).
  if (doneOn !== undefined) state = doneOn > toShanghaiDate(due - 1) ? 'met_late' : 'met';
  else if (left <= 0) state = 'passed';
  else if (left <= (due - start) * WARN_SHARE) state = 'approaching';
  else state = 'running';
  return { kind, dueAt: new Date(due).toISOString(), state, minutesLeft: Math.floor(left / 60_000) };
}

const statePriority: Record<IntakeLimitState, number> = { passed: 0, approaching: 1, met_late: 2, running: 3, met: 4 };

/** The state that most needs attention among a case's clocks (for a list's one column); undefined without limits. */
export function worstIntakeState(clocks: readonly IntakeClock[]): IntakeLimitState | undefined {
  return clocks.map((c) => c.state).sort((a, b) => statePriority[a] - statePriority[b])[0];
}

const clockSchema = z.object({ kind: z.enum(['contact', 'conclude']), dueAt: z.string(), state: z.enum(intakeLimitStates.codes), minutesLeft: z.number() });

/** One row of a channel's list (staff desktop, and the export answering back): no party data in any form. */
export const intakeListRowSchema = z.object({
  id: z.string(),
  caseNo: z.string().nullable(),
  channel: z.enum(intakeChannels.codes),
  number: z.string().nullable(),
  sender: z.string().nullable(),
  receivedAt: z.string(),
  deadline: z.string().nullable(),
  type: z.enum(disputeTypes.codes),
  status: z.enum(caseStatuses.codes),
  outcome: z.enum(outcomes.codes).nullable(),
  concludedOn: z.string().nullable(),
  gridId: z.string(),
  handlingNodeId: z.string(),
  /** The state most needing attention among the clocks; null when the channel sets no limit. */
  limitState: z.enum(intakeLimitStates.codes).nullable(),
  clocks: z.array(clockSchema),
});
export type IntakeListRow = z.infer<typeof intakeListRowSchema>;
export const intakeListSchema = z.object({ items: z.array(intakeListRowSchema), total: z.number() });
export type IntakeList = z.infer<typeof intakeListSchema>;
/** Rows one export may hold: a channel's year in a sub-district is a few thousand. */
export const INTAKE_EXPORT_MAX_ROWS = 20_000;
