import '../i18n/later.ts';
import { useEffect, useState, type ReactNode } from 'react';
import { caseStatuses, caseTitle, disputeTypes, levels, messageFor, type DisputeCase } from '@tiaojie/domain';
import { ApiFailure } from '../api/http.ts';
import { linkHandler } from '../app/router.ts';
import { useOnline } from '../components/use-online.ts';
import { useT } from '../i18n/index.ts';
import { fetchServerCase } from './case-search-api.ts';

type State = { kind: 'loading' } | { kind: 'found'; c: DisputeCase } | { kind: 'missing' } | { kind: 'failed'; message: string };

/**
 * A case this computer does not keep (another unit of the area handles it), read from the server and shown
 * read-only; personal data come as the server discloses them (masked ID numbers and phones). Offline: says so.
 */
export default function ServerCaseView({ caseId, renderCase }: { caseId: string; renderCase?: (c: DisputeCase) => ReactNode }) {
  const { t, locale } = useT();
  const online = useOnline();
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    if (!online) return;
    let alive = true;
    setState({ kind: 'loading' });
    fetchServerCase(caseId).then(
      (c) => alive && setState({ kind: 'found', c }),
      (e: unknown) => {
        if (!alive) return;
        if (e instanceof ApiFailure && e.status === 404) setState({ kind: 'missing' });
        else setState({ kind: 'failed', message: e instanceof ApiFailure ? messageFor(e.code, locale) : String(e) });
      },
    );
    return () => {
      alive = false;
    };
  }, [caseId, online, locale]);

  const back = (
    <a className="btn" {...linkHandler({ name: 'cases' })}>
      {t('nav.cases')}
    </a>
  );
  if (!online) {
    return (
      <div className="card">
        <p className="notice notice--warn" role="status" data-testid="case-needs-network">
          {t('desk.needsNetwork')}
        </p>
        {back}
      </div>
    );
  }
  if (state.kind === 'loading') return <p className="empty">{t('common.loading')}</p>;
  if (state.kind === 'missing' || state.kind === 'failed') {
    return (
      <div className="card">
        <p role="alert">{state.kind === 'missing' ? t('desk.notFound') : t('desk.failed', { message: state.message })}</p>
        {back}
      </div>
    );
  }
  const c = state.c;
  // The full case page, read-only (sessions, outcome, photos and signatures, the case file, its history).
  if (renderCase) return <>{renderCase(c)}</>;
  const parties = Object.values(c.parties);
  const names = (role: string) => parties.filter((p) => p.role === role).map((p) => p.personal.name);
  return (
    <article aria-labelledby="case-title" data-testid="server-case">
      <p className="case-number" data-testid="case-number">
        <strong>{c.caseNo ?? c.provisionalNo ?? ''}</strong>
      </p>
      <h1 id="case-title">{caseTitle(names('applicant'), names('respondent'), disputeTypes.label(c.type, locale), locale)}</h1>
      <p className="notice notice--info desk-readonly" role="status">
        {t('desk.readOnly')}
      </p>
      <dl className="card kv">
        <dt>{t('desk.status')}</dt>
        <dd>{caseStatuses.label(c.status, locale)}</dd>
        <dt>{t('desk.handledBy')}</dt>
        <dd>{levels.label(c.handlingLevel, locale)}</dd>
        <dt>{t('desk.acceptedOn')}</dt>
        <dd>{c.acceptedOn}</dd>
        <dt>{t('desk.parties')}</dt>
        <dd>
          {parties.map((p) => {
            const personal = p.personal as { name: string; idNumberMasked?: string; phoneMasked?: string };
            return (
              <div key={p.id}>
                {personal.name}
                {personal.idNumberMasked ? ` · ${personal.idNumberMasked}` : ''}
                {personal.phoneMasked ? ` · ${personal.phoneMasked}` : ''}
              </div>
            );
          })}
        </dd>
        <dt>{t('desk.facts')}</dt>
        <dd>{c.facts}</dd>
      </dl>
      {back}
    </article>
  );
}
