import '../i18n/later.ts';
import { periodOfDay, toShanghaiDate } from '@tiaojie/domain';
import { useState } from 'react';
import { useLocalStore, useObserved, useStoreContext } from '../app/store-context.tsx';
import { showToast } from '../components/toast.tsx';
import { useT } from '../i18n/index.ts';
import { saveErrorText } from '../cases/save-error.ts';

/** A grid worker's nil report (零上报) for this month: one tap, offline, while the grid has no dispute recorded. */
export default function NilReportCard() {
  const { t, locale } = useT();
  const { user } = useStoreContext();
  const store = useLocalStore();
  const period = periodOfDay(toShanghaiDate(new Date()));
  const state = useObserved((s) => s.nilReportState(user.nodeId, period), [user.nodeId, period]);
  const [failure, setFailure] = useState<string | null>(null);
  if (user.role !== 'grid_worker' || !state) return null;
  const file = async () => {
    setFailure(null);
    try {
      await store.fileNilReport(user.nodeId, period);
      showToast(t('nilReport.saved'));
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  };
  return (
    <section className="card nil-report" aria-labelledby="nil-report" data-testid="nil-report">
      <h2 id="nil-report" className="section-title">{t('nilReport.title')} · {t('nilReport.period', { period })}</h2>
      {state.casesInPeriod > 0 ? (
        <p>{t('nilReport.hasCases', { count: state.casesInPeriod })}</p>
      ) : state.filed ? (
        <p className="notice" role="status">✓ {t('nilReport.filed', { period })}</p>
      ) : (
        <>
          <p>{t('nilReport.none')}</p>
          <button type="button" className="btn btn--block" onClick={() => void file()}>{t('nilReport.file')}</button>
        </>
      )}
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
    </section>
  );
}
