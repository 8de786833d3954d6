import { disputeTypes, levels, nodeKindLevel, type Level, type Locale, type User } from '@tiaojie/domain';
import { linkHandler } from '../app/router.ts';
import { useT } from '../i18n/index.ts';
import { escalatedListQuery } from './escalated-list.ts';
import { cachedAncestorNodes } from '../org/org-nodes.ts';
import type { EscalatedTrace } from '../storage/index.ts';

/** The unit a case went to: its name when the phone knows the nodes above the user, else the level ("社区"). */
export function unitName(user: User, target: { toNodeId: string; toLevel: Level }, locale: Locale): string {
  return cachedAncestorNodes(user.id).find((n) => n.id === target.toNodeId)?.name ?? levels.label(target.toLevel, locale);
}

/** The unit above the user at `level` (where an escalation to that level goes), by name when known. */
export function unitAtLevel(user: User, level: Level, locale: Locale): string {
  return cachedAncestorNodes(user.id).find((n) => nodeKindLevel[n.kind] === level)?.name ?? levels.label(level, locale);
}

/** A case escalated out of the user's area: read-only, says where it went and when. */
export function EscalatedTraceCard({ trace, user }: { trace: EscalatedTrace; user: User }) {
  const { t, locale } = useT();
  const unit = unitName(user, trace, locale);
  return (
    <>
      <h1>{disputeTypes.label(trace.type, locale)}</h1>
      <p className="notice notice--info" data-testid="escalated-trace">
        <strong>{t('escalated.where', { unit, date: trace.escalatedOn })}</strong>
        <br />
        {t('escalated.readOnly', { unit })}
      </p>
      <dl className="card kv">
        {trace.caseNo ? (
          <>
            <dt>{t('case.caseNo')}</dt>
            <dd className="case-no">{trace.caseNo}</dd>
          </>
        ) : null}
        {trace.partyNames.length > 0 ? (
          <>
            <dt>{t('escalated.applicants')}</dt>
            <dd>{trace.partyNames.join('、')}</dd>
          </>
        ) : null}
        <dt>{t('case.acceptedOn')}</dt>
        <dd>{trace.acceptedOn}</dd>
        <dt>{t('case.facts')}</dt>
        <dd>{trace.facts}</dd>
        <dt>{t('escalate.reason')}</dt>
        <dd>{trace.reason}</dd>
      </dl>
      <a className="btn" {...linkHandler({ name: 'cases' }, escalatedListQuery)}>
        {t('escalated.back')}
      </a>
    </>
  );
}

/** The 已上报 list: one line per trace, opening its read-only card. */
export function EscalatedList({ traces, user }: { traces: EscalatedTrace[]; user: User }) {
  const { t, locale } = useT();
  if (traces.length === 0) return <p className="empty card">{t('escalated.none')}</p>;
  return (
    <div className="card" style={{ padding: 0 }} role="list" aria-label={t('escalated.title')}>
      {traces.map((trace) => (
        <div role="listitem" key={trace.id}>
          <a className="caserow" {...linkHandler({ name: 'case', id: trace.id })}>
            <span className="caserow__top">
              <span className="caserow__title">{trace.partyNames.length > 0 ? trace.partyNames.join(' / ') : disputeTypes.label(trace.type, locale)}</span>
              <span className="badge">{t('escalated.badge')}</span>
            </span>
            <span className="caserow__meta" style={{ display: 'block' }}>
              {t('escalated.where', { unit: unitName(user, trace, locale), date: trace.escalatedOn })} · {disputeTypes.label(trace.type, locale)}
            </span>
          </a>
        </div>
      ))}
    </div>
  );
}
