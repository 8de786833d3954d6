import { lazy, Suspense, useState } from 'react';
import { buildCaseFile, courtConfirmationDeadline, type DisputeCase } from '@tiaojie/domain';
import { linkHandler } from '../app/router.ts';
import { useCurrentUser } from '../auth/use-session.ts';
import { Dialog } from '../components/dialog.tsx';
import { useT } from '../i18n/index.ts';
import { todayIn } from '../storage/local-view.ts';

// The signature pad library comes with this chunk, fetched when the sheet first opens (cached for offline use).
const SigningSheet = lazy(() => import('./signing-sheet.tsx'));

/** On the case page: which documents of the file are ready, and the way to print it. */
export function CaseFileSummary({ c, editable }: { c: DisputeCase; editable: boolean }) {
  const { t } = useT();
  const user = useCurrentUser();
  const [signing, setSigning] = useState(false);
  const signatureCount = Object.keys(c.signatures).length;
  const file = buildCaseFile(c, { bodyName: '', gridName: '' });
  const required = file.documents.filter((d) => d.required);
  const missing = required.filter((d) => d.missing.length > 0);
  return (
    <section className="card" aria-labelledby="case-file-title">
      <h2 id="case-file-title">{t('caseFile.title')}</h2>
      <p className={missing.length ? 'notice notice--danger' : 'notice'} data-testid="case-file-completeness" data-complete={file.complete ? '1' : '0'}>
        {file.complete ? t('caseFile.complete', { ready: required.length }) : t('caseFile.incomplete', { ready: required.length - missing.length, missing: missing.length })}
      </p>
      {missing.length ? (
        <ul className="casefile__status">
          {missing.map((d) => (
            <li key={d.key} className="is-missing">
              ✗ {d.title}
              {t('caseFile.missing', { items: d.missing.join('、') })}
            </li>
          ))}
        </ul>
      ) : null}
      {signatureCount > 0 ? <p className="caserow__meta">{t('signing.count', { count: signatureCount })}</p> : null}
      {editable ? (
        <button type="button" className="btn btn--block" onClick={() => setSigning(true)} data-testid="open-signing">
          ✍ {t('signing.open')}
        </button>
      ) : null}
      {signing ? (
        <Dialog title={t('signing.open')} onClose={() => setSigning(false)}>
          <Suspense fallback={<p className="empty">{t('common.loading')}</p>}>
            <SigningSheet c={c} mediatorName={user?.displayName ?? ''} onDone={() => setSigning(false)} />
          </Suspense>
        </Dialog>
      ) : null}
      <a className="btn btn--block" {...linkHandler({ name: 'case-file', id: c.id })} data-testid="open-case-file">
        {t('caseFile.open')}
      </a>
    </section>
  );
}

/** 人民调解法 §33: after an agreement, the parties may apply for court confirmation within 30 days. */
export function CourtDeadline({ c }: { c: DisputeCase }) {
  const { t } = useT();
  const deadline = courtConfirmationDeadline(c);
  if (!deadline || !c.agreement || c.agreement.courtConfirmation !== 'none') return null;
  const today = todayIn(new Date());
  const days = Math.round((Date.parse(deadline) - Date.parse(today)) / 86_400_000);
  return (
    <p className={`notice${days >= 0 && days <= 7 ? ' notice--danger' : ''}`} data-testid="court-deadline">
      {t('caseFile.courtDeadline', { date: deadline })} · {days >= 0 ? t('caseFile.courtDeadlineLeft', { days }) : t('caseFile.courtDeadlinePassed')}
    </p>
  );
}
