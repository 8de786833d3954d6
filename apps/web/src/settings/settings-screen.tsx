import '../i18n/later.ts';
import { useState } from 'react';
import { isStaffRole, roles } from '@tiaojie/domain';
import { wipeLocalData } from '../storage/index.ts';
import { useStoreContext, useSyncStatus } from '../app/store-context.tsx';
import { endSession } from '../auth/login.ts';
import { Dialog } from '../components/dialog.tsx';
import { locales, setLocale, useT } from '../i18n/index.ts';
import { forgetOrgNodes } from '../org/org-nodes.ts';
import { forgetProvisionalFiles } from '../casefile/provisional-file.ts';
import { forgetLockStatus } from '../lock/lock-hint.ts';
import { InstallSection } from '../pwa/install-section.tsx';
import { formatBytes, useStorageFacts } from '../pwa/persistence.ts';
import { saveErrorText } from '../cases/save-error.ts';
import { AttentionList } from '../components/attention-list.tsx';
import { SecurityCard } from './security-card.tsx';
import { LockSettingsCard } from '../lock/lock-settings-card.tsx';
import { ChangePinCard } from '../lock/change-pin-card.tsx';

/** Me: who is signed in, language, what the phone's storage says, and logging out (which wipes local data). */
export default function SettingsScreen() {
  const { t, locale } = useT();
  const { user, store, sync, lock } = useStoreContext();
  const status = useSyncStatus();
  const facts = useStorageFacts();
  const [confirming, setConfirming] = useState<null | { unsynced: boolean; refusedKept: number }>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const staff = isStaffRole(user.role);

  async function startLogout() {
    // A staff desktop is often a shared office PC: what it holds is sent first, so that the wipe loses nothing.
    if (staff && navigator.onLine && (await store.hasUnsynced())) await sync.syncNow().catch(() => undefined);
    // A change the server refused is kept only on this phone (needs attention): a logout would lose it too.
    const refusedKept = (await store.getSyncStatus()).attention.filter((a) => a.held).length;
    setConfirming({ unsynced: refusedKept > 0 || (await store.hasUnsynced()), refusedKept });
  }

  async function logout() {
    try {
      sync.stop();
      await store.wipe();
      // The revoked-device wipe, for this account only: anything else this user left here goes too.
      if (staff) await wipeLocalData({ userIds: [user.id], onlyNamed: true });
      forgetOrgNodes(user.id);
      forgetProvisionalFiles();
      forgetLockStatus();
      await endSession();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  }

  return (
    <>
      <h1>{t('settings.title')}</h1>
      <section className="card">
        <h2>{user.displayName}</h2>
        <p>
          {roles.label(user.role, locale)} · {user.nodeName ?? user.nodeId}
        </p>
      </section>
      <SecurityCard user={user} />
      {lock ? <LockSettingsCard /> : null}
      {lock ? <ChangePinCard lock={lock} /> : null}
      <section className="card">
        <h2>{t('settings.language')}</h2>
        <div className="btn-row">
          {locales.map((l) => (
            <button key={l} type="button" className={`btn${l === locale ? ' btn--primary' : ''}`} aria-pressed={l === locale} onClick={() => setLocale(l)}>
              {l === 'en' ? 'English' : '中文'}
            </button>
          ))}
        </div>
      </section>
      <InstallSection />
      <section className="card" aria-labelledby="storage-title">
        <h2 id="storage-title">{t('storage.title')}</h2>
        {facts === null ? (
          <p>{t('common.loading')}</p>
        ) : (
          <>
            <p data-testid="persistence">{t(`storage.persistence.${facts.persistence}`)}</p>
            {facts.usage !== null && facts.quota !== null ? (
              <p>{t('storage.usage', { used: formatBytes(facts.usage), quota: formatBytes(facts.quota) })}</p>
            ) : null}
          </>
        )}
      </section>
      <AttentionList />
      <section className="card">
        <h2>{t('settings.sync')}</h2>
        <p>{t('sync.unsent', { count: status.pending + status.pendingPhotos })}</p>
        <button type="button" className="btn btn--block" disabled={status.syncing} onClick={() => void sync.syncNow()}>
          {t('sync.now')}
        </button>
      </section>
      <button type="button" className="btn btn--danger btn--block" onClick={() => void startLogout()}>
        {t('settings.logout')}
      </button>
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      {confirming ? (
        <Dialog title={t('settings.logoutConfirmTitle')} onClose={() => setConfirming(null)}>
          {confirming.unsynced ? (
            <p className="notice notice--danger" role="alert">{t('settings.logoutUnsynced', { count: status.pending + status.pendingPhotos + confirming.refusedKept })}</p>
          ) : null}
          <p>{t(staff ? 'settings.logoutWipesDesktop' : 'settings.logoutWipes')}</p>
          <div className="btn-row">
            {confirming.unsynced ? (
              <button type="button" className="btn btn--primary" onClick={() => { setConfirming(null); void sync.syncNow(); }}>
                {t('settings.syncFirst')}
              </button>
            ) : (
              <button type="button" className="btn" onClick={() => setConfirming(null)}>{t('common.cancel')}</button>
            )}
            <button type="button" className="btn btn--danger" onClick={() => void logout()}>
              {confirming.unsynced ? t('settings.logoutAnyway') : t('settings.logout')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
