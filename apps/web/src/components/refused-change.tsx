import { messageFor, type Locale } from '@tiaojie/domain';
import { lazy, Suspense, useState } from 'react';
import { linkHandler } from '../app/router.ts';
import { Dialog } from './dialog.tsx';
import { useStoreContext } from '../app/store-context.tsx';
import { useT } from '../i18n/index.ts';
import type { AttentionItem } from '../storage/index.ts';

type T = ReturnType<typeof useT>['t'];

// The work-log form loads only when a refused entry is filled in again (this list is on the start path).
const RefillActivity = lazy(() => import('../worklog/refill-activity.tsx'));

/**
 * Why the server refused a change, for the worker. A push refusal marks no field in any form: the domain's
 * VALIDATION_FAILED text ("check the marked fields") would point at nothing, so it gets its own words.
 */
export function refusalReason(a: AttentionItem, t: T, locale: Locale): string {
  return a.status === 'rejected' && a.code === 'VALIDATION_FAILED' ? t('attention.refusedInvalid') : messageFor(a.code, locale);
}

/**
 * The buttons under a refusal. A change the phone keeps (`held`) is sent again or given up, never just waved
 * away: "知道了" would drop what the worker typed.
 */
export function AttentionActions({ item, openLink }: { item: AttentionItem; openLink: boolean }) {
  const { t } = useT();
  const { store } = useStoreContext();
  const [failed, setFailed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [refilling, setRefilling] = useState(false);
  const caseId = item.caseId;
  const held = item.held !== undefined && caseId !== undefined;
  // A refused new work-log entry or correction of one: what was typed fills the form again.
  const heldLog = item.held !== undefined && (item.name === 'activity.create' || item.name === 'activity.edit');
  return (
    <>
      {held ? <p className="hint">{t('attention.kept')}</p> : null}
      {heldLog ? <p className="hint">{t('attention.keptLog')}</p> : null}
      {failed ? <p role="alert">{t('attention.resubmitFailed')}</p> : null}
      <div className="btn-row btn-row--chips">
        {openLink && caseId ? (
          <a className="btn" {...linkHandler({ name: 'case', id: caseId })}>
            {t('attention.openCase')}
          </a>
        ) : null}
        {held ? (
          <>
            <button type="button" className="btn btn--primary" onClick={() => void store.resubmitCase(caseId).then(() => setFailed(false), () => setFailed(true))}>
              {t('attention.resubmit')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(true)}>
              {t('attention.giveUp')}
            </button>
          </>
        ) : heldLog ? (
          <>
            <button type="button" className="btn btn--primary" onClick={() => setRefilling(true)}>
              {t('attention.refill')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(true)}>
              {t('attention.giveUp')}
            </button>
          </>
        ) : (
          <button type="button" className="btn" onClick={() => void store.dismissAttention(item.mutationId)}>
            {t('attention.dismiss')}
          </button>
        )}
      </div>
      {refilling ? (
        <Suspense fallback={null}>
          <RefillActivity item={item} onClose={() => setRefilling(false)} />
        </Suspense>
      ) : null}
      {confirming ? (
        <Dialog title={t('attention.giveUp')} onClose={() => setConfirming(false)}>
          <p>{t('attention.giveUpConfirm')}</p>
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
            <button
              type="button"
              className="btn btn--danger"
              onClick={() => {
                setConfirming(false);
                void store.dismissAttention(item.mutationId);
              }}
            >
              {t('attention.giveUp')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
