import { auditActionLabel, auditPageSchema, type AuditEventView } from '@tiaojie/domain';
import { useEffect, useState } from 'react';
import { ApiFailure, apiFetch } from '../../api/http.ts';
import { auditDetailText } from '../../audit/audit-details.ts';
import { formatDateTime } from '../../components/date-time.ts';
import { useT } from '../../i18n/index.ts';

/** What an event says about the case (changed fields, the transition, a reveal's reason), in the reader's words. */
const detailOf = (e: AuditEventView, locale: string) => auditDetailText(e.details, locale === 'en' ? 'en' : 'zh');

/**
 * The case's audit history from the server (online only): who changed it, from which device, which fields, and who
 * revealed its parties' personal data and why. The server answers it to whoever may see the case.
 */
export function AuditHistory({ caseId }: { caseId: string }) {
  const { t, locale } = useT();
  const [events, setEvents] = useState<AuditEventView[] | null>(null);
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    let alive = true;
    apiFetch(`/api/audit?caseId=${encodeURIComponent(caseId)}&limit=100`)
      .then((body) => alive && setEvents(auditPageSchema.parse(body).events))
      .catch((e: unknown) => alive && setOffline(!(e instanceof ApiFailure) || e.code === 'NETWORK' || e.status === 404));
    return () => {
      alive = false;
    };
  }, [caseId]);
  if (offline) return <p className="field__hint">{t('security.historyOnline')}</p>;
  if (!events) return <p className="field__hint">{t('common.loading')}</p>;
  if (events.length === 0) return <p className="field__hint">{t('security.historyEmpty')}</p>;
  return (
    <ol className="timeline" aria-label={t('security.history')}>
      {events.map((e) => (
        <li key={e.seq}>
          <time dateTime={e.at}>{formatDateTime(e.at)}</time>
          <strong>
            {e.actorName ?? ''} · {auditActionLabel(e.action, locale)}
          </strong>
          {detailOf(e, locale) ? <div className="caserow__meta" style={{ whiteSpace: 'normal' }}>{detailOf(e, locale)}</div> : null}
        </li>
      ))}
    </ol>
  );
}
