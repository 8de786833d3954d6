import '../i18n/account-strings.ts';
import { useState, type FormEvent } from 'react';
import { messageFor, passwordIssueMessages, passwordShapeIssues, type PasswordIssue } from '@tiaojie/domain';
import { ApiFailure } from '../api/http.ts';
import { TextField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';
import { changePassword } from './login.ts';

/**
 * Old password, new one twice. The length and username rules are checked here too (the common-password list is the
 * server's). With `changeToken` (a forced change at sign-in) success signs this device in.
 */
export function ChangePasswordForm({ username, changeToken, initialOld = '', onDone }: { username: string; changeToken?: string; initialOld?: string; onDone?: () => void }) {
  const { t, locale } = useT();
  const [oldPassword, setOld] = useState(initialOld);
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (!oldPassword || !newPassword) return setError(messageFor('REQUIRED', locale));
    if (newPassword !== repeat) return setError(t('security.mismatch'));
    const local = passwordShapeIssues(newPassword, username);
    if (local.length > 0) return setError(local.map((c) => passwordIssueMessages[c]).join(';'));
    setBusy(true);
    try {
      await changePassword(oldPassword, newPassword, changeToken);
      setDone(true);
      setOld('');
      setNew('');
      setRepeat('');
      onDone?.();
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'WEAK_PASSWORD' && err.issues) {
        setError(err.issues.map((i) => passwordIssueMessages[i.code as PasswordIssue] ?? i.message).join(';'));
      } else setError(err instanceof ApiFailure ? messageFor(err.code, locale) : messageFor('INTERNAL', locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('security.changePassword')}>
      <TextField label={t('security.oldPassword')} name="old-password" type="password" value={oldPassword} onChange={setOld} autoComplete="current-password" required />
      <TextField label={t('security.newPassword')} name="new-password" type="password" value={newPassword} onChange={setNew} autoComplete="new-password" hint={t('security.policy')} required />
      <TextField label={t('security.repeatPassword')} name="repeat-password" type="password" value={repeat} onChange={setRepeat} autoComplete="new-password" required />
      {error ? <p className="notice notice--danger" role="alert">{error}</p> : null}
      {done && !changeToken ? <p className="notice notice--ok" role="status">{t('security.changed')}</p> : null}
      <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
        {busy ? t('security.changing') : t('security.changePassword')}
      </button>
    </form>
  );
}
