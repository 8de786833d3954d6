import { useCallback, useEffect, useState } from 'react';
import { messageFor, type User } from '@tiaojie/domain';
import { z } from 'zod';
import { ApiFailure, apiFetch } from '../api/http.ts';
import { ChangePasswordForm } from '../auth/change-password-form.tsx';
import { useT } from '../i18n/index.ts';

const sessionsSchema = z.object({
  sessions: z.array(z.object({ id: z.string(), deviceId: z.string(), deviceName: z.string(), lastUsedAt: z.string(), current: z.boolean() })),
});
type Sessions = z.infer<typeof sessionsSchema>['sessions'];

/** Me → security: change my password, see the devices signed in to my account and revoke one (online only). */
export function SecurityCard({ user }: { user: User }) {
  const { t, locale } = useT();
  const [sessions, setSessions] = useState<Sessions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setSessions(sessionsSchema.parse(await apiFetch('/api/auth/sessions')).sessions);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiFailure ? messageFor(e.code, locale) : String(e));
    }
  }, [locale]);
  useEffect(() => {
    void load();
  }, [load]);

  async function revoke(id: string) {
    if (!window.confirm(t('security.revokeConfirm'))) return;
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
                {s.current ? `(${t('security.thisDevice')})` : ''}
                <br />
                <small>
                  {t('security.lastSeen')}:{new Date(s.lastUsedAt).toLocaleString(locale)}
                </small>
              </span>
              {s.current ? null : (
                <button type="button" className="btn" onClick={() => void revoke(s.id)}>
                  {t('security.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
