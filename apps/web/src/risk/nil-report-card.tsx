import '../i18n/later.ts';
import { periodOfDay, toShanghaiDate } from '@tiaojie/domain';
import { useEffect, useRef, useState } from 'react';
import { useLocalStore, useObserved, useStoreContext } from '../app/store-context.tsx';
import { showToast } from '../components/toast.tsx';
import { useT } from '../i18n/index.ts';
import { saveErrorText } from '../cases/save-error.ts';

/**
 * How long a tapped nil report waits before it is written, for 撤销. The sync protocol has no way to withdraw a filed
 * nil report (the server keeps it, and the statistics count it), so the undo happens before the write, not after.
 */
export const NIL_REPORT_UNDO_MS = 3000;
/** 撤销 takes the file button's place: a tap this soon after filing is the same finger's double tap, not an undo. */
const DOUBLE_TAP_MS = 400;

/** A grid worker's nil report (零上报) for this month: one tap, offline, while the grid has no dispute recorded. */
export default function NilReportCard({ undoMs = NIL_REPORT_UNDO_MS }: { undoMs?: number } = {}) {
  const { t, locale } = useT();
  const { user } = useStoreContext();
  const store = useLocalStore();
  const period = periodOfDay(toShanghaiDate(new Date()));
  const state = useObserved((s) => s.nilReportState(user.nodeId, period), [user.nodeId, period]);
  const [failure, setFailure] = useState<string | null>(null);
  // The write waiting out its undo time: the timer, and the write itself so leaving the screen still files it.
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; write: () => Promise<void>; at: number } | null>(null);
  const [waiting, setWaiting] = useState(false);
  const undoButton = useRef<HTMLButtonElement>(null);

  // The tap was meant: a worker who leaves the home screen within the undo time has still filed.
  useEffect(
    () => () => {
      const p = pending.current;
      if (!p) return;
      clearTimeout(p.timer);
      pending.current = null;
      void p.write();
    },
    [],
  );

  if (user.role !== 'grid_worker' || !state) return null;

  const write = async () => {
    try {
      await store.fileNilReport(user.nodeId, period);
      showToast(t('nilReport.saved'));
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  };
  const file = () => {
    if (pending.current) return;
    setFailure(null);
    const entry = {
      write,
      at: Date.now(),
      timer: setTimeout(() => {
        pending.current = null;
        void write().finally(() => setWaiting(false));
      }, undoMs),
    };
    pending.current = entry;
    setWaiting(true);
    // The file button gives way to 撤销 in the same place: keep keyboard and screen-reader focus on it.
    requestAnimationFrame(() => undoButton.current?.focus());
  };
  const undo = () => {
    const p = pending.current;
    if (!p || Date.now() - p.at < DOUBLE_TAP_MS) return;
    clearTimeout(p.timer);
    pending.current = null;
    setWaiting(false);
    showToast(t('nilReport.undone'));
  };

  return (
    <section className="card nil-report" aria-labelledby="nil-report" data-testid="nil-report">
      <h2 id="nil-report" className="section-title">{t('nilReport.title')} · {t('nilReport.period', { period })}</h2>
      {state.casesInPeriod > 0 ? (
        <p>{t('nilReport.hasCases', { count: state.casesInPeriod })}</p>
      ) : state.filed ? (
        <p className="notice" role="status">✓ {t('nilReport.filed', { period })}</p>
      ) : waiting ? (
        <>
          <p role="status">{t('nilReport.filing')}</p>
          <button ref={undoButton} type="button" className="btn btn--block" onClick={undo}>{t('nilReport.undo')}</button>
        </>
      ) : (
        <>
          <p>{t('nilReport.none')}</p>
          <button type="button" className="btn btn--block" onClick={file}>{t('nilReport.file')}</button>
        </>
      )}
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
    </section>
  );
}
