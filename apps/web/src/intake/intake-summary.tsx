import { Fragment } from 'react';
import { intakeChannels, intakeClocks, type DisputeCase } from '@tiaojie/domain';
import { useT } from '../i18n/index.ts';
import { useNow } from '../risk/use-now.ts';
import { intakeClockText } from './intake-clock-text.ts';
import { formatDateTime } from '../components/date-time.ts';
import { storedIntakeLimits } from './intake-limits.ts';


/** The case's channel rows in the summary list: channel and number, sender, received time, and each limit's state. */
export function IntakeSummary({ c }: { c: DisputeCase }) {
  const { t, locale } = useT();
  const now = useNow();
  const intake = c.intake;
  if (!intake) return null;
  const clocks = intakeClocks(c, storedIntakeLimits(), now);
  return (
    <>
      <dt>{t('intake.channel')}</dt>
      <dd data-testid="intake-channel">
        {intakeChannels.label(intake.channel, locale)}
        {intake.number ? ` · ${t(`intake.number.${intake.channel}`)} ${intake.number}` : ''}
        {intake.sender ? ` · ${intake.sender}` : ''}
      </dd>
      <dt>{t('intake.receivedAt')}</dt>
      <dd>{formatDateTime(intake.receivedAt)}</dd>
      {intake.deadline ? (
        <>
          <dt>{t('intake.deadline')}</dt>
          <dd>{intake.deadline}</dd>
        </>
      ) : null}
      {clocks.map((k) => (
        <Fragment key={k.kind}>
          <dt>{t(`intake.clock.${k.kind}`)}</dt>
          <dd data-testid={`intake-clock-${k.kind}`}>
            <span className={k.state === 'passed' ? 'badge badge--danger' : k.state === 'approaching' || k.state === 'met_late' ? 'badge badge--warn' : 'badge'}>{intakeClockText(k, t)}</span>
            {k.state === 'running' || k.state === 'approaching' || k.state === 'passed' ? <span className="field__hint">{t('intake.dueAt', { time: formatDateTime(k.dueAt, { withYear: false }) })}</span> : null}
          </dd>
        </Fragment>
      ))}
    </>
  );
}
