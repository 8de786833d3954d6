import { messageFor, nodeKinds, roleMayBeAt, roles, type AdminUser, type OrgNode, type Role, type User } from '@tiaojie/domain';
import { useState, type FormEvent } from 'react';
import { Dialog } from '../components/dialog.tsx';
import { DialogFormFooter } from '../components/dialog-form-footer.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';
import { useOrgNodes } from '../org/org-nodes.ts';
import { useDirtyForm } from '../pwa/dirty-forms.ts';
import { createAccount } from './accounts-api.ts';
import { fieldErrorsFrom, localPasswordErrors, localUsernameError, type FieldErrors } from './account-issues.ts';

/**
 * 新建账号: username, name, role (none chosen for the administrator), a unit of their subtree that fits the role
 * (roleMayBeAt, the server's rule), an initial password the account must replace at its first sign-in.
 */
export function NewAccountDialog({ admin, onCreated, onClose }: { admin: User; onCreated: (user: AdminUser) => void; onClose: () => void }) {
  const { t, locale } = useT();
  const nodes = useOrgNodes(admin);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [nodeId, setNodeId] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  useDirtyForm('staff-new-account', Boolean(username || displayName || role || nodeId || password));

  /** An edited field drops its message (it spoke of the old value); the others keep theirs. */
  const edit = (field: string, set: (value: string) => void) => (value: string) => {
    set(value);
    setErrors((old) => {
      const { [field]: _dropped, ...rest } = old;
      return rest;
    });
  };
  const units = role ? nodes.filter((n) => roleMayBeAt(role, n.kind)).sort((a, b) => a.path.localeCompare(b.path)) : [];
  const unitLabel = (n: OrgNode) => (role === 'admin' ? `${nodeKinds.label(n.kind, locale)}${t('common.colon')}${n.name}` : n.name);
  const chooseRole = (value: string) => {
    const next = value as Role | '';
    setRole(next);
    // A unit chosen for another role may not fit this one: keep it only when it still does.
    if (!next || !nodes.some((n) => n.id === nodeId && roleMayBeAt(next, n.kind))) setNodeId('');
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FieldErrors = {};
    const required = messageFor('REQUIRED', locale);
    const userError = localUsernameError(username, locale);
    if (userError) local.username = userError;
    if (!displayName.trim()) local.displayName = required;
    if (!role) local.role = required;
    if (!nodeId) local.nodeId = required;
    const passwordError = localPasswordErrors(password, username.trim(), locale);
    if (passwordError) local.password = passwordError;
    setErrors(local);
    if (Object.keys(local).length > 0 || !role) return;
    setBusy(true);
    try {
      const user = await createAccount({ username: username.trim(), displayName: displayName.trim(), role, nodeId, password });
      setUsername('');
      setPassword('');
      onCreated(user);
    } catch (err) {
      setErrors(fieldErrorsFrom(err, locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('accounts.create')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('accounts.create')}>
        <TextField label={t('accounts.username')} name="username" value={username} onChange={edit('username', setUsername)} autoComplete="off" hint={t('accounts.usernameHint')} error={errors.username} maxLength={32} required />
        <TextField label={t('accounts.displayName')} name="display-name" value={displayName} onChange={edit('displayName', setDisplayName)} autoComplete="off" error={errors.displayName} maxLength={50} required />
        <SelectField
          label={t('accounts.role')}
          name="role"
          value={role}
          placeholder={t('common.choose')}
          options={roles.codes.map((code) => ({ value: code, label: roles.label(code, locale) }))}
          onChange={edit('role', chooseRole)}
          error={errors.role}
          required
        />
        <SelectField
          label={t('accounts.unitField')}
          name="node"
          value={nodeId}
          placeholder={role ? (units.length ? t('common.choose') : t('accounts.noUnits')) : t('accounts.chooseRoleFirst')}
          options={units.map((n) => ({ value: n.id, label: unitLabel(n) }))}
          onChange={edit('nodeId', setNodeId)}
          error={errors.nodeId}
          required
        />
        <TextField
          label={t('accounts.initialPassword')}
          name="initial-password"
          value={password}
          onChange={edit('password', setPassword)}
          autoComplete="new-password"
          hint={t('accounts.initialPasswordHint')}
          error={errors.password}
          maxLength={200}
          required
        />
        <DialogFormFooter error={errors['']} onCancel={onClose} busy={busy} label={busy ? t('accounts.creating') : t('accounts.create')} />
      </form>
    </Dialog>
  );
}
