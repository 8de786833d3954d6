import type { CSSProperties } from 'react';
import { caseStatuses, caseTitle, disputeTypes, toShanghaiDate } from '@tiaojie/domain';
import { linkHandler } from '../app/router.ts';
import { useT } from '../i18n/index.ts';
import type { CaseSummary } from '../storage/index.ts';

/** One case in a list: what a worker needs to recognise it at a glance, plus its warning badges. */
/** `courtDaysLeft`: on home's 司法确认 reminder, the days left of the window (the badge says them instead of the date). */
export function CaseRow({
  item,
  style,
  followUpDue,
  courtDaysLeft,
  unit,
  warning,
}: {
  item: CaseSummary;
  style?: CSSProperties;
  followUpDue?: boolean;
  courtDaysLeft?: number;
  unit?: string | undefined;
  warning?: { text: string; danger: boolean } | undefined;
}) {
  const { t, locale } = useT();
  const title = caseTitle(item.partyNames, item.respondentNames ?? [], disputeTypes.label(item.type, locale), locale);
  const number = item.caseNo ?? item.provisionalNo;
  return (
    <a className="caserow" style={style} {...linkHandler({ name: 'case', id: item.id })}>
      <span className="caserow__top">
        <span className="caserow__title">{title}</span>
        {warning ? <span className={`badge ${warning.danger ? 'badge--danger' : 'badge--warn'}`}>{warning.text}</span> : null}
        {item.hasConflict ? <span className="badge badge--danger">{t('badge.conflict')}</span> : null}
        {item.overdue ? <span className="badge badge--danger">{t('badge.overdue')}</span> : null}
        {followUpDue ? <span className="badge badge--warn">{t('badge.followUpDue')}</span> : null}
        {item.needsAttention && !item.hasConflict ? <span className="badge badge--danger">{t('badge.attention')}</span> : null}
        {item.pending ? <span className="badge">{t('badge.unsynced')}</span> : null}
        {courtDaysLeft !== undefined ? (
          <span className="badge badge--danger" data-testid="court-days-left">
            {courtDaysLeft === 0 ? t('badge.courtDueToday') : t('badge.courtDaysLeft', { days: courtDaysLeft })}
          </span>
        ) : item.courtConfirmationBy && item.courtConfirmationBy >= toShanghaiDate(new Date()) ? (
          <span className="badge badge--warn">{t('badge.courtBy', { date: item.courtConfirmationBy.slice(5) })}</span>
        ) : null}
      </span>
      {number ? (
        <span className="caserow__no" style={{ display: 'block' }}>
          <span className="case-no">{number}</span>
          {item.caseNo ? '' : ` · ${t('case.provisionalNo')}`}
        </span>
      ) : null}
      <span className="caserow__meta" style={{ display: 'block' }}>
        {/* The date first: on a narrow phone the line is cut at its end, and long English labels reach it. */}
        {t('case.acceptedOnShort', { date: item.acceptedOn })} · {disputeTypes.label(item.type, locale)} · {caseStatuses.label(item.status, locale)}
        {unit ? <span className="caserow__unit"> · {unit}</span> : null}
      </span>
    </a>
  );
}
