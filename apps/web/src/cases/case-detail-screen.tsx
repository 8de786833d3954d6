import '../i18n/later.ts';
import { RiskClockNotice } from '../risk/risk-clock-notice.tsx';
import { IntakeSummary } from '../intake/intake-summary.tsx';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import {
  agreementForms,
  caseSources,
  caseTitle,
  caseStatuses,
  courtConfirmationStatuses,
  disputeTypes,
  failedRoutes,
  followUpInputOf,
  isStaffRole,
  levels,
  mediatingBodies,
  outcomes,
  performanceStatuses,
  riskLevels,
  type DisputeCase,
} from '@tiaojie/domain';
import { linkHandler } from '../app/router.ts';
import { useObserved, useLocalStore, useStoreContext } from '../app/store-context.tsx';
import { readKnownCommittees } from '../committees/known-committees.ts';
import { preventionSummary } from './detail/prevention-summary.ts';
import type { LocalCase } from '../storage/index.ts';
import { EscalatedTraceCard } from './escalated-trace.tsx';
import { Dialog } from '../components/dialog.tsx';
import { AttentionActions, refusalReason } from '../components/refused-change.tsx';
import { useT } from '../i18n/index.ts';
import { isOverdue } from './deadlines.ts';
import { formatYuan } from './format-amount.ts';
import { mutationLabelKey } from './mutation-labels.ts';
import { CaseEditForm } from './detail/case-edit-form.tsx';
import { caseHistory } from './detail/case-history.ts';
import { ConflictResolver } from './detail/conflict-resolver.tsx';
import { EscalateForm } from './detail/escalate-form.tsx';
import { FollowUpForm } from './detail/follow-up-form.tsx';
import { OutcomeForm } from './detail/outcome-form.tsx';
import { PartyList } from './detail/party-list.tsx';
import { PhotoSection } from './detail/photo-section.tsx';
import { CaseFileSummary, CourtDeadline } from '../casefile/case-file-summary.tsx';
import { AuditHistory } from './detail/audit-history.tsx';
import { InvestigationForm } from './detail/investigation-form.tsx';
import { wasFileShownProvisional } from '../casefile/provisional-file.ts';
import { SessionForm } from './detail/session-form.tsx';

/** '王建国 与 李梅 邻里纠纷'. */
function titleOfCase(c: DisputeCase, locale: 'zh-CN' | 'en'): string {
  const parties = Object.values(c.parties);
  const names = (role: string) => parties.filter((p) => p.role === role).map((p) => p.personal.name);
  return caseTitle(names('applicant'), names('respondent'), disputeTypes.label(c.type, locale), locale);
}

// A staff desktop keeps only its own unit's cases: any other case of the area is read from the server (loaded on use).
const ServerCaseView = lazy(() => import('../staff/server-case-view.tsx'));

type Sheet = 'session' | 'investigation' | 'escalate' | 'outcome' | 'followUp' | 'edit' | null;

/** One case file: facts, parties, what was done, and the actions its status and my role allow. */
export default function CaseDetailScreen({ caseId }: { caseId: string }) {
  const { t } = useT();
  const local = useObserved((s) => s.getCase(caseId).then((c) => c ?? null), [caseId]);

  if (local === undefined) return <p className="empty">{t('common.loading')}</p>;
  if (local === null) return <GoneCase caseId={caseId} />;
  return <CaseDetail local={local} />;
}

/** No case on the phone: a read-only trace if it left by escalation, else where it may have gone. */
function GoneCase({ caseId }: { caseId: string }) {
  const { t } = useT();
  const { user } = useStoreContext();
  const trace = useObserved((s) => s.getEscalated(caseId).then((found) => found ?? null), [caseId]);
  if (trace === undefined) return <p className="empty">{t('common.loading')}</p>;
  if (trace) return <EscalatedTraceCard trace={trace} user={user} />;
  if (isStaffRole(user.role)) {
    return (
      <Suspense fallback={<p className="empty">{t('common.loading')}</p>}>
        <ServerCaseView caseId={caseId} renderCase={(c) => <CaseDetail local={{ case: c, pending: false, attention: [] }} readOnly />} />
      </Suspense>
    );
  }
  return (
    <div className="card">
      {/* Escalated before this phone kept traces, deleted, or moved above this user's area by someone else. */}
      <p>{t('case.gone')}</p>
      <a className="btn" {...linkHandler({ name: 'cases' })}>{t('nav.cases')}</a>
    </div>
  );
}

/** `readOnly`: a case of the area this desktop does not keep, read from the server: shown whole, no action offered. */
function CaseDetail({ local, readOnly = false }: { local: LocalCase; readOnly?: boolean }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const { user } = useStoreContext();
  const [sheet, setSheet] = useState<Sheet>(null);
  const c = local.case;
  const actions = store.availableActions(c);
  const overdue = isOverdue({ acceptedOn: c.acceptedOn, open: c.status === 'accepted' || c.status === 'mediating' });
  const open = c.status === 'accepted' || c.status === 'mediating';
  // The server takes edits to any case in the user's area until it is archived.
  const editable = !readOnly && c.status !== 'archived';
  const canAct = !readOnly && open;
  const close = () => setSheet(null);

  return (
    <article aria-labelledby="case-title">
      <p className="case-number" data-testid="case-number">
        <strong className="case-no">{c.caseNo ?? c.provisionalNo ?? ''}</strong>
        {!c.caseNo && c.provisionalNo ? <span className="badge badge--warn">{t('case.provisionalNo')}</span> : null}
      </p>
      <h1 id="case-title">{titleOfCase(c, locale)}</h1>
      {!c.caseNo && c.provisionalNo ? <p className="hint">{t('case.numberPending')}</p> : null}
      {c.caseNo && c.provisionalNo && wasFileShownProvisional(c.id) ? (
        <p className="notice" role="status" data-testid="number-changed">
          {t('case.numberChanged', { provisional: c.provisionalNo })}
        </p>
      ) : null}
      <p>
        <span className={`badge${open ? '' : ' badge--ok'}`}>{caseStatuses.label(c.status, locale)}</span>{' '}
        <span className="badge">{t('badge.handledAt', { level: levels.label(c.handlingLevel, locale) })}</span>{' '}
        {overdue ? <span className="badge badge--danger">{t('badge.overdue')}</span> : null}{' '}
        {Object.values(c.conflicts).some((x) => !x.resolved) ? <span className="badge badge--danger">{t('badge.conflict')}</span> : null}{' '}
        {readOnly ? null : local.pending || local.attention.some((a) => a.held) ? <span className="badge">{t('badge.unsynced')}</span> : <span className="badge badge--ok">{t('badge.synced')}</span>}
      </p>
      {readOnly ? (
        <p className="notice notice--info desk-readonly" role="status" data-testid="server-case">
          {t('desk.readOnly')}
        </p>
      ) : null}

      {local.attention.map((a) => (
        <div key={a.mutationId} className="notice notice--danger" role="alert" data-testid="case-attention">
          <p>{t(a.status === 'conflict' ? 'attention.conflicted' : 'attention.rejected', { what: t(mutationLabelKey(a.name)) })}
            {t('common.colon')}
            {refusalReason(a, t, locale)}</p>
          <AttentionActions item={a} openLink={false} />
        </div>
      ))}
      {readOnly ? null : <ConflictResolver item={c} />}

      <Section
        title={t('case.summary')}
        action={editable ? <button type="button" className="btn" aria-label={t('caseEdit.title')} onClick={() => setSheet('edit')}>{t('common.edit')}</button> : null}
      >
        <dl className="kv">
          {c.subType ? (
            <>
              <dt>{t('case.subType')}</dt>
              <dd>{c.subType}</dd>
            </>
          ) : null}
          <dt>{t('case.facts')}</dt>
          <dd>{c.facts}</dd>
          <dt>{t('case.source')}</dt>
          <dd>{caseSources.label(c.source, locale)}</dd>
          <IntakeSummary c={c} />
          <dt>{t('case.risk')}</dt>
          <dd>
            {riskLevels.label(c.risk, locale)}
            {c.isGroup ? ` · ${t('case.groupWith', { count: c.peopleInvolved })}` : ''}
            <RiskClockNotice c={c} />
          </dd>
          <dt>{t('case.reportedOn')}</dt>
          <dd>{c.reportedOn}</dd>
          <dt>{t('case.acceptedOn')}</dt>
          <dd>{c.acceptedOn}</dd>
          {c.amountInvolved !== undefined ? (
            <>
              <dt>{t('case.amountInvolved')}</dt>
              <dd>{formatYuan(c.amountInvolved, locale)}</dd>
            </>
          ) : null}
          {c.committeeId ? (
            <>
              <dt>{t('case.committee')}</dt>
              <dd>{readKnownCommittees(user.id).find((k) => k.id === c.committeeId)?.name ?? c.committeeId}</dd>
            </>
          ) : null}
          {c.prevention ? (
            <>
              <dt>{t('case.prevention')}</dt>
              <dd data-testid="case-prevention">{preventionSummary(c.prevention, locale, t('case.preventDisputes'))}</dd>
            </>
          ) : c.preventedCriminal || c.preventedPetition ? (
            <>
              <dt>{t('case.marks')}</dt>
              <dd>{[c.preventedCriminal ? t('case.preventedCriminal') : '', c.preventedPetition ? t('case.preventedPetition') : ''].filter(Boolean).join('、')}</dd>
            </>
          ) : null}
        </dl>
      </Section>

      <Section title={t('case.parties')}>
        <PartyList item={c} editable={editable} />
      </Section>

      <Section title={t('case.investigations')}>
        {Object.values(c.investigations).length === 0 ? <p className="empty">{t('case.noInvestigations')}</p> : null}
        {Object.values(c.investigations)
          .sort((a, b) => `${a.date} ${a.time ?? ''}`.localeCompare(`${b.date} ${b.time ?? ''}`))
          .map((v) => (
            <p key={v.id}>
              {v.date}{v.time ? ` ${v.time}` : ''} · {v.place} · {v.investigators}
              {v.interviewees ? <><br />{t('investigation.interviewees')}：{v.interviewees}</> : null}
              <br />
              <span style={{ whiteSpace: 'pre-wrap' }}>{v.findings}</span>
            </p>
          ))}
        {canAct ? (
          <button type="button" className="btn btn--block" onClick={() => setSheet('investigation')}>＋ {t('case.addInvestigation')}</button>
        ) : null}
      </Section>

      <Section title={t('case.sessions')}>
        {Object.values(c.sessions).length === 0 ? <p className="empty">{t('case.noSessions')}</p> : null}
        {Object.values(c.sessions)
          .sort((a, b) => a.date.localeCompare(b.date))
          .map((s) => (
            <p key={s.id}>
              {s.date} · {s.mediator} · {mediatingBodies.label(s.body, locale)}
              {s.notes ? <><br />{s.notes}</> : null}
            </p>
          ))}
        {canAct ? (
          <button type="button" className="btn btn--block" onClick={() => setSheet('session')}>＋ {t('case.addSession')}</button>
        ) : null}
      </Section>

      {c.outcome ? (
        <Section title={t('case.outcome')}>
          <dl className="kv">
            <dt>{t('outcome.code')}</dt>
            <dd>{outcomes.label(c.outcome.code, locale)}{c.outcome.failedRoute ? ` · ${failedRoutes.label(c.outcome.failedRoute, locale)}` : ''}</dd>
            <dt>{t('outcome.concludedOn')}</dt>
            <dd>{c.outcome.concludedOn}</dd>
            <dt>{t('outcome.level')}</dt>
            <dd>{levels.label(c.outcome.resolvedLevel, locale)}</dd>
            {c.agreement ? (
              <>
                <dt>{t('agreement.form')}</dt>
                <dd>{agreementForms.label(c.agreement.form, locale)}</dd>
                {c.agreement.content ? (
                  <>
                    <dt>{t('agreement.content')}</dt>
                    <dd style={{ whiteSpace: 'pre-wrap' }}>{c.agreement.content}</dd>
                  </>
                ) : null}
                <dt>{t('agreement.amount')}</dt>
                <dd>{c.agreement.amount > 0 ? formatYuan(c.agreement.amount, locale) : '—'}</dd>
                <dt>{t('agreement.court')}</dt>
                <dd>{courtConfirmationStatuses.label(c.agreement.courtConfirmation, locale)}</dd>
                <dt>{t('agreement.performance')}</dt>
                {/* As the latest return visit found it; the agreement's own value is what was known when it was signed. */}
                <dd>{performanceStatuses.labelOrCode(followUpInputOf(c).performance ?? c.agreement.performance, locale)}</dd>
              </>
            ) : null}
          </dl>
          <CourtDeadline c={c} />
        </Section>
      ) : null}

      {c.status === 'concluded' || Object.values(c.followUps).length > 0 ? (
        <Section title={t('case.followUps')}>
          {Object.values(c.followUps).map((f) => (
            <p key={f.id}>
              {f.date} · {f.visitor} · {performanceStatuses.label(f.performance, locale)}
            </p>
          ))}
          {readOnly ? null : <button type="button" className="btn btn--block" onClick={() => setSheet('followUp')}>＋ {t('case.addFollowUp')}</button>}
        </Section>
      ) : null}

      <Section title={t('case.photos')}>
        <PhotoSection caseId={c.id} photos={Object.values(c.photos)} editable={editable} removable={editable && open} />
      </Section>

      <CaseFileSummary c={c} editable={editable} />

      <Section title={t('case.history')}>
        <ol className="timeline">
          {caseHistory(c, t, locale).map((h) => (
            <li key={h.key}>
              <time dateTime={h.date}>{h.date}</time>
              <strong>{h.title}</strong>
              {h.detail ? <div className="caserow__meta" style={{ whiteSpace: 'normal' }}>{h.detail}</div> : null}
            </li>
          ))}
        </ol>
      </Section>

      <Section title={t('security.history')}>
        <AuditHistory caseId={c.id} />
      </Section>

      {canAct ? (
        <div className="actionbar">
          {actions.includes('escalate') ? (
            <button type="button" className="btn" onClick={() => setSheet('escalate')}>{t('case.escalate')}</button>
          ) : null}
          {actions.includes('conclude') ? (
            <button type="button" className="btn btn--primary" onClick={() => setSheet('outcome')}>{t('case.conclude')}</button>
          ) : null}
        </div>
      ) : null}

      {sheet === 'session' ? <Dialog title={t('case.addSession')} onClose={close}><SessionForm item={c} onDone={close} /></Dialog> : null}
      {sheet === 'investigation' ? <Dialog title={t('case.addInvestigation')} onClose={close}><InvestigationForm item={c} onDone={close} /></Dialog> : null}
      {sheet === 'escalate' ? <Dialog title={t('case.escalate')} onClose={close}><EscalateForm item={c} onDone={close} /></Dialog> : null}
      {sheet === 'outcome' ? <Dialog title={t('case.conclude')} onClose={close}><OutcomeForm item={c} onDone={close} /></Dialog> : null}
      {sheet === 'edit' ? <Dialog title={t('caseEdit.title')} onClose={close}><CaseEditForm item={c} onDone={close} /></Dialog> : null}
      {sheet === 'followUp' ? <Dialog title={t('case.addFollowUp')} onClose={close}><FollowUpForm item={c} onDone={close} /></Dialog> : null}
    </article>
  );
}

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section className="card">
      {action ? (
        <div className="section-head">
          <h2>{title}</h2>
          {action}
        </div>
      ) : (
        <h2>{title}</h2>
      )}
      {children}
    </section>
  );
}
