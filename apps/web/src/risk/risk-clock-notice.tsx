import { levels, riskClock, riskFlags, riskLevels, type DisputeCase } from '@tiaojie/domain';
import { useT } from '../i18n/index.ts';
import { storedRiskLimits } from './risk-limits.ts';
import { formatDateTime } from '../components/date-time.ts';
import { useNow } from './use-now.ts';

/** Under the case's grade: its flags, and while the limit runs, when it ends; a warning once near or passed. */
export function RiskClockNotice({ c }: { c: DisputeCase }) {
  const { t, locale } = useT();
  const now = useNow();
  const clock = riskClock(c, storedRiskLimits(), now);
  const grade = riskLevels.label(clock.grade, locale);
  const level = levels.label(clock.requiredLevel, locale);
  const due = formatDateTime(clock.dueAt, { withYear: false });
  return (
    <>
      {c.riskFlags.length > 0 ? <span className="risk-flags"> · {c.riskFlags.map((f) => riskFlags.label(f, locale)).join('、')}</span> : null}
      {clock.state === 'passed' ? (
        <span className="notice notice--danger" role="alert" data-testid="risk-clock" style={{ display: 'block', marginTop: 4 }}>{t('riskGrade.passed', { grade, level })}</span>
      ) : clock.state === 'approaching' ? (
        <span className="notice notice--warn" role="status" data-testid="risk-clock" style={{ display: 'block', marginTop: 4 }}>{t('riskGrade.approaching', { grade, minutes: clock.minutesLeft })}</span>
      ) : clock.state === 'running' ? (
        <span className="field__hint" data-testid="risk-clock" style={{ display: 'block' }}>{t('riskGrade.due', { time: due, level })}</span>
      ) : null}
    </>
  );
}
