import { z } from 'zod';
import { idSchema } from './case.js';

/**
 * A nil report (零上报): a grid states it had no dispute in a period (a calendar month, 'YYYY-MM'), so that "no
 * dispute" and "not reported" are told apart. One per grid and period; filing again changes nothing.
 */
export const nilReportPeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'DATE_FORMAT' });
export const newNilReportSchema = z.object({ id: idSchema, gridId: idSchema, period: nilReportPeriodSchema });
export type NewNilReport = z.infer<typeof newNilReportSchema>;

/** What the sub-district sees of a grid for a period. */
export const nilReportStatuses = ['reported', 'nil', 'missing'] as const;
export type NilReportStatus = (typeof nilReportStatuses)[number];

/** The period ('YYYY-MM') of a Shanghai calendar day ('YYYY-MM-DD'). */
export function periodOfDay(day: string): string {
  return day.slice(0, 7);
}

/** Reported disputes win over a nil report filed before them: a grid that has cases in the period reported. */
export function nilReportStatusOf(casesInPeriod: number, filedNil: boolean): NilReportStatus {
  if (casesInPeriod > 0) return 'reported';
  return filedNil ? 'nil' : 'missing';
}
