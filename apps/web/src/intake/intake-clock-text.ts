import type { IntakeClock } from '@tiaojie/domain';

type T = (key: string, options?: Record<string, unknown>) => string;

/** A clock as the phone says it: 剩N小时 (under two days), 剩N天, 已超期, or how it was met. */
export function intakeClockText(clock: IntakeClock, t: T): string {
  if (clock.state === 'passed') return t('intake.overdue');
  if (clock.state === 'met') return t('intake.met');
  if (clock.state === 'met_late') return t('intake.metLate');
  const hours = Math.max(1, Math.ceil(clock.minutesLeft / 60));
  return hours < 48 ? t('intake.hoursLeft', { n: hours }) : t('intake.daysLeft', { n: Math.floor(hours / 24) });
}
