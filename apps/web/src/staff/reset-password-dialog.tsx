import type { AdminUser } from '@tiaojie/domain';
import { useState, type FormEvent } from 'react';
import { Dialog } from '../components/dialog.tsx';
import { DialogFormFooter } from '../components/dialog-form-footer.tsx';
import { TextField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';
import { useDirtyForm } from '../pwa/dirty-forms.ts';
import { changeAccount } from './accounts-api.ts';
import { fieldErrorsFrom, localPasswordErrors, type FieldErrors } from './account-issues.ts';

/** 重设密码: the server makes the account replace it at its next sign-in and ends its sign-ins. */
export function ResetPasswordDialog({ user, onDone, onClose }: { user: AdminUser; onDone: () => void; onClose: () => void }) {
  const { t, locale } = useT();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  useDirtyForm('staff-reset-password', password !== '');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = localPasswordErrors(password, user.username, locale);
    setErrors(local ? { password: local } : {});
    if (local) return;
    setBusy(true);
    try {
      await changeAccount(user.id, { password });
      setPassword('');
      onDone();
    } catch (err) {
      setErrors(fieldErrorsFrom(err, locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('accounts.resetTitle', { name: user.displayName })} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('accounts.reset')}>
        <TextField
          label={t('accounts.newPassword')}
          name="new-password"
          value={password}
          onChange={(value) => {
            setPassword(value);
            setErrors({}); // a message about the old text must not stand under the new one
          }}
          autoComplete="new-password"
          hint={t('accounts.resetHint')}
          error={errors.password}
          maxLength={200}
          required
        />
        <DialogFormFooter error={errors['']} onCancel={onClose} busy={busy} label={busy ? t('accounts.resetting') : t('accounts.reset')} danger />
      </form>
    </Dialog>
  );
}
