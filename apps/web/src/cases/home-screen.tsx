import '../i18n/home-strings.ts';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { linkHandler, navigate } from '../app/router.ts';
import { useObserved, useStoreContext, useSyncStatus } from '../app/store-context.tsx';
import { whenIdle } from '../app/when-idle.ts';
import { useOnline } from '../components/use-online.ts';
import { CaseRow } from '../components/case-row.tsx';
import { StorageNotice } from '../components/storage-notice.tsx';
import { isFirstDownload } from './first-download.ts';
import { escalatedListQuery } from './escalated-list.ts';
import { useT } from '../i18n/index.ts';
import { daysUntil, today } from './deadlines.ts';
import { useAfterStart } from '../risk/use-after-start.ts';
import { readHomeLists, takePrimedHomeLists } from './home-lists.ts';
import { forgetHomeSnapshot, saveHomeSnapshot } from '../boot/home-snapshot.ts';
import { isStaffRole } from '@tiaojie/domain';

// Loaded after the home screen's first render: they keep the start bundle within its budget.
const RiskWarningList = lazy(() => import('../risk/risk-warning-list.tsx'));
const NilReportCard = lazy(() => import('../risk/nil-report-card.tsx'));

/** The grid worker's start screen: what needs doing today, and the big button to record a new dispute. */
export function HomeScreen() {
  const { t } = useT();
  const { user, lock } = useStoreContext();
  const shortPin = lock?.shortPinLength() ?? null;
  const on = today();
  const status = useSyncStatus();
  const online = useOnline();
  const firstDownload = isFirstDownload(status, online);
  const afterStart = useAfterStart();
  // One query for the three lists, so they change together (sections resizing one after another would shift
  // the page under the thumb). It re-runs when the first download ends, and the message stays until an answer
  // read after that arrives: the answers in flight then may predate the download's last page.
  const lists = useObserved((s) => readHomeLists(s, firstDownload), [on, firstDownload], (s) => takePrimedHomeLists(s, firstDownload));
  const head = useRef<HTMLDivElement>(null);
  // What home shows becomes the next start's first frame (boot/home-snapshot.ts), saved when the thread is idle.
  // Not for a PIN-locked store (grid workers): the snapshot sits in localStorage in clear and would be painted
  // before the PIN is entered, so none is kept for them (and one left from before the lock is dropped).
  const showsLists = lists !== undefined && !firstDownload && !lists.readDuringDownload;
  useEffect(() => {
    if (lock) return forgetHomeSnapshot();
    const app = head.current?.closest('.app');
    if (!showsLists || !app) return;
    return whenIdle(() => saveHomeSnapshot(app));
  }, [lists, showsLists, lock]);

  if (lists === undefined) return <p className="empty">{t('common.loading')}</p>;
  // A floating button on the phone (by the thumb); on a desktop it sits beside the heading, over nothing.
  const newCaseAction = (
    <a className="btn btn--primary fab" {...linkHandler({ name: 'new-case' })}>
      ＋ {t('home.newCase')}
    </a>
  );
  const { overdue, followUps, courtDue, open } = lists;
  if (firstDownload || lists.readDuringDownload) {
    return (
      <>
        <div className="page-head">
          <h1>{t('home.greeting', { name: user.displayName })}</h1>
          {newCaseAction}
        </div>
        <p className="empty card" role="status">{t('home.downloading', { area: user.nodeName ?? t('home.yourArea') })}</p>
      </>
    );
  }
  return (
    <>
      <div className="page-head" ref={head}>
        <h1>{t('home.greeting', { name: user.displayName })}</h1>
        {newCaseAction}
      </div>
      {isStaffRole(user.role) ? <StaffDeskLinks admin={user.role === 'admin'} /> : null}
      <div className="stats">
        <a className="stat" {...linkHandler({ name: 'cases' })}>
          <span className="stat__n">{open.total}</span>
          {t('home.open')}
        </a>
        <a className={`stat${overdue.total ? ' stat--danger' : ''}`} href="#overdue">
          <span className="stat__n">{overdue.total}</span>
          {t('home.overdue')}
        </a>
        <a className={`stat${followUps.total ? ' stat--warn' : ''}`} href="#follow-ups">
          <span className="stat__n">{followUps.total}</span>
          {t('home.followUpsDue')}
        </a>
      </div>
      {afterStart ? (
        <Suspense fallback={null}>
          <RiskWarningList />
        </Suspense>
      ) : null}
      <div className="home-columns">
        <div>
          {overdue.total > 0 ? (
            <section aria-labelledby="overdue">
              <div className="section-title"><h2 id="overdue">{t('home.overdueTitle')}</h2></div>
              <div className="card" style={{ padding: 0 }}>{overdue.items.map((c) => <CaseRow key={c.id} item={c} />)}</div>
            </section>
          ) : null}
          {followUps.total > 0 ? (
            <section aria-labelledby="follow-ups">
              <div className="section-title"><h2 id="follow-ups">{t('home.followUpsTitle')}</h2></div>
              <div className="card" style={{ padding: 0 }}>{followUps.items.map((c) => <CaseRow key={c.id} item={c} followUpDue />)}</div>
            </section>
          ) : null}
          {courtDue.total > 0 ? (
            <section aria-labelledby="court-due">
              <div className="section-title"><h2 id="court-due">{t('home.courtDueTitle')}</h2></div>
              <div className="card" style={{ padding: 0 }}>
                {courtDue.items.map((c) => <CaseRow key={c.id} item={c} courtDaysLeft={c.courtConfirmationBy ? daysUntil(c.courtConfirmationBy, on) : 0} />)}
              </div>
            </section>
          ) : null}
        </div>
        <section aria-labelledby="open-cases">
          <div className="section-title">
            <h2 id="open-cases">{t('home.openTitle')}</h2>
            <a {...linkHandler({ name: 'cases' })}>{t('home.all')}</a>
          </div>
          {open.total === 0 ? (
            <p className="empty card">{t('home.noOpen')}</p>
          ) : (
            <div className="card" style={{ padding: 0 }}>{open.items.map((c) => <CaseRow key={c.id} item={c} />)}</div>
          )}
        </section>
      </div>
      {shortPin ? (
        <p className="notice" role="status" data-testid="short-pin">
          {t('home.shortPin', { count: shortPin })} <a {...linkHandler({ name: 'settings' })}>{t('home.shortPinLink')}</a>
        </p>
      ) : null}
      {lists.escalated > 0 ? (
        <p className="notice">
          <a {...linkHandler({ name: 'cases' }, escalatedListQuery)} data-testid="home-escalated">
            {t('home.escalated', { count: lists.escalated })}
          </a>
        </p>
      ) : null}
      {afterStart ? (
        <Suspense fallback={null}>
          <NilReportCard />
        </Suspense>
      ) : null}
      {/* Below the lists: it arrives after them and must not push what the thumb is about to tap. */}
      <StorageNotice />
    </>
  );
}

/**
 * Sub-district staff and administrators: their desk's screens one tap from home. A clerk's own open cases are few
 * (most are handled below), so home alone read as "nothing here".
 */
function StaffDeskLinks({ admin }: { admin: boolean }) {
  const { t } = useT();
  const links: [string, string][] = [
    ['/staff/board', t('home.deskBoard')],
    ['/cases', t('home.deskCases')],
    ['/staff/stats', t('home.deskStats')],
    ['/staff/intake', t('home.deskIntake')],
    ...(admin ? ([['/staff/accounts', t('home.deskAccounts')]] as [string, string][]) : []),
  ];
  return (
    <nav className="card desk-links" aria-label={t('home.desk')}>
      {links.map(([href, label]) => (
        <a key={href} className="btn" href={href} onClick={(e) => (e.preventDefault(), navigate(href))}>
          {label}
        </a>
      ))}
    </nav>
  );
}
