import '../i18n/account-strings.ts';
import { useState, type FormEvent } from 'react';
import { messageFor } from '@tiaojie/domain';
import { ApiFailure } from '../api/http.ts';
import { TextField } from '../components/fields.tsx';
import { setLocale, useT } from '../i18n/index.ts';
import { readSignedOutReason } from '../api/signed-out.ts';
import { ChangePasswordForm } from './change-password-form.tsx';
import { login, PasswordChangeRequired } from './login.ts';

export function LoginScreen() {
  const { t, locale } = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changeToken, setChangeToken] = useState<string | null>(null);
  // Said once, until the next sign-in: why the last session ended (a revoked device has been erased).
  const [reason] = useState(readSignedOutReason);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError(messageFor('REQUIRED', locale));
      return;
    }
    setBusy(true);
    try {
      await login(username, password);
    } catch (err) {
      if (err instanceof PasswordChangeRequired) setChangeToken(err.changeToken);
      else if (err instanceof ApiFailure && err.code === 'NETWORK') setError(t('login.needsNetwork'));
      else if (err instanceof ApiFailure) setError(messageFor(err.code, locale));
      else setError(messageFor('INTERNAL', locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="topbar__title">{t('app.name')}</h1>
        <button type="button" className="topbar__back" style={{ fontSize: '1rem' }} onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
          {locale === 'en' ? '中文' : 'EN'}
        </button>
      </header>
      <main className="main">
        {reason ? (
          <p className={`notice${reason === 'SESSION_IDLE' ? '' : ' notice--danger'}`} role="alert">
            {reason === 'PIN_DISCARDED' ? messageFor('PIN_DISCARDED', locale) : t(reason === 'DEVICE_REVOKED' ? 'security.revokedNotice' : 'security.idleNotice')}
          </p>
        ) : null}
        {changeToken ? (
          <section className="card">
            <h2>{t('security.forcedTitle')}</h2>
            <p className="field__hint">{t('security.forcedHint')}</p>
            <ChangePasswordForm username={username.trim().toLowerCase()} changeToken={changeToken} initialOld={password} />
          </section>
        ) : (
        <form className="card" onSubmit={submit} noValidate>
          <h2>{t('login.title')}</h2>
          <p className="field__hint">{t('login.firstTimeOnline')}</p>
          <TextField label={t('login.username')} name="username" value={username} onChange={setUsername} autoComplete="username" required />
          <TextField label={t('login.password')} name="password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required />
          {error ? <p className="notice notice--danger" role="alert">{error}</p> : null}
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
        )}
      </main>
    </div>
  );
}
