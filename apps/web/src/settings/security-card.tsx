import { useCallback, useEffect, useState } from 'react';
import { deviceSessionsSchema, messageFor, type DeviceSession, type User } from '@tiaojie/domain';
import { ApiFailure, apiFetch } from '../api/http.ts';
import { ChangePasswordForm } from '../auth/change-password-form.tsx';
import { Dialog } from '../components/dialog.tsx';
import { formatDateTime } from '../components/date-time.ts';
import { useT } from '../i18n/index.ts';

/** Me → security: change my password, see the devices signed in to my account and revoke one (online only). */
export function SecurityCard({ user }: { user: User }) {
  const { t, locale } = useT();
  const [sessions, setSessions] = useState<DeviceSession[] | null>(null);
  const [revoking, setRevoking] = useState<DeviceSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setSessions(deviceSessionsSchema.parse(await apiFetch('/api/auth/sessions')).sessions);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiFailure ? messageFor(e.code, locale) : String(e));
    }
  }, [locale]);
  useEffect(() => {
    void load();
  }, [load]);

  async function revoke(id: string) {
    setRevoking(null);
    try {
      await apiFetch(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
      await load();
    } catch (e) {
      setError(e instanceof ApiFailure ? messageFor(e.code, locale) : String(e));
    }
  }

  return (
    <>
      <section className="card">
        <h2>{t('security.changePassword')}</h2>
        <ChangePasswordForm username={user.username} onDone={() => void load()} />
      </section>
      <section className="card" aria-labelledby="devices-title">
        <h2 id="devices-title">{t('security.devices')}</h2>
        {error ? <p className="notice notice--danger">{error}</p> : null}
        {sessions?.length === 0 ? <p className="empty">{t('security.noDevices')}</p> : null}
        <ul className="plain-list">
          {(sessions ?? []).map((s) => (
            <li key={s.id} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: '0.5rem', padding: '0.25rem 0' }}>
              <span>
                {s.deviceName}
                {s.current ? (locale === 'en' ? ` (${t('security.thisDevice')})` : `（${t('security.thisDevice')}）`) : ''}
                <br />
                <small>
                  {t('security.lastSeen')}{t('common.colon')}{formatDateTime(s.lastUsedAt)}
                </small>
              </span>
              {s.current ? null : (
                <button type="button" className="btn" onClick={() => setRevoking(s)}>
                  {t('security.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      {revoking ? (
        <Dialog title={t('accounts.revokeTitle')} onClose={() => setRevoking(null)}>
          <p>
            <strong>{revoking.deviceName}</strong>
          </p>
          <p>{t('security.revokeConfirm')}</p>
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => setRevoking(null)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn--danger" onClick={() => void revoke(revoking.id)}>
              {t('security.revoke')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
