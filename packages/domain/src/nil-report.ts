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

/**
 * The months ('YYYY-MM') a statistics period counts for its nil-report footnote: those from `from` to `to`
 * ('YYYY-MM-DD', both included) that have begun by `today` — a month still to come cannot have been reported.
 */
export function monthsToReport(from: string, to: string, today: string): string[] {
  const last = to.slice(0, 7) < today.slice(0, 7) ? to.slice(0, 7) : today.slice(0, 7);
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (let month = from.slice(0, 7); month <= last; month = `${y}-${String(m).padStart(2, '0')}`) {
    out.push(month);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/**
 * A grid's status over several months (a quarter, a year) from its status in each: it did not report (missing) if
 * some month has neither a dispute nor a nil report, it filed nil reports (nil) if every month is a nil report, and
 * otherwise it reported disputes. No month to count (a period still to come) is not reported.
 */
export function nilReportStatusOver(months: readonly NilReportStatus[]): NilReportStatus {
  if (months.length === 0 || months.includes('missing')) return 'missing';
  return months.every((s) => s === 'nil') ? 'nil' : 'reported';
}

/** The footnote every statistics table carries, so that "no dispute" and "not reported" are told apart. */
export function nilReportFootnote(counts: { nil: number; missing: number }, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  return locale === 'en'
    ? `This period: ${counts.nil} grid${counts.nil === 1 ? '' : 's'} filed nil reports, ${counts.missing} grid${counts.missing === 1 ? '' : 's'} did not report`
    : `本期${counts.nil}个网格零上报，${counts.missing}个网格未上报`;
}
