import { messageFor, roles, type AdminUser, type DeviceSession } from '@tiaojie/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure, getCurrentUser } from '../api/http.ts';
import { linkHandler } from '../app/router.ts';
import { Dialog } from '../components/dialog.tsx';
import { useT } from '../i18n/index.ts';
import { changeAccount, fetchAccounts, fetchDevices, revokeDevice, type AccountChange } from './accounts-api.ts';
import { NewAccountDialog } from './new-account-dialog.tsx';
import { ResetPasswordDialog } from './reset-password-dialog.tsx';

/** What the one open dialog shows: an account's devices, or a confirmation before a change that cannot be undone quietly. */
type Open =
  | { kind: 'devices'; user: AdminUser }
  | { kind: 'revoke'; user: AdminUser; session: DeviceSession }
  | { kind: 'disable'; user: AdminUser }
  | { kind: 'requireChange'; user: AdminUser }
  | { kind: 'create' }
  | { kind: 'resetPassword'; user: AdminUser };

/**
 * Administrators: the accounts of their subtree, each one's devices (revocable), a required password change,
 * disable/enable, a password reset, and new accounts.
 */
export default function AccountsScreen() {
  const { t, locale } = useT();
  const me = getCurrentUser();
  const meId = me?.id;
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const [devices, setDevices] = useState<DeviceSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** What the last create or reset did, said once above the list. */
  const [notice, setNotice] = useState<string | null>(null);
  const [createdId, setCreatedId] = useState<string | null>(null);
  const createdRow = useRef<HTMLTableRowElement>(null);
  // The list is ordered by unit: the new account may sit far below the button; bring it into view once it is placed.
  useEffect(() => {
    if (createdId) createdRow.current?.scrollIntoView?.({ block: 'center' });
  }, [createdId]);
  const fail = useCallback((e: unknown) => setError(e instanceof ApiFailure ? messageFor(e.code, locale) : String(e)), [locale]);

  const load = useCallback(async () => {
    try {
      setUsers(await fetchAccounts());
    } catch (e) {
      fail(e);
    }
  }, [fail]);
  useEffect(() => {
    void load();
  }, [load]);

  const showDevices = async (user: AdminUser) => {
    setOpen({ kind: 'devices', user });
    setDevices(null);
    try {
      setDevices(await fetchDevices(user.id));
    } catch (e) {
      setOpen(null);
      fail(e);
    }
  };

  /** Runs a change, then reads the list again (the server's state is the truth, not a guess made here). */
  const run = async (action: () => Promise<void>, then: () => void | Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await then();
    } catch (e) {
      setOpen(null);
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const change = (user: AdminUser, body: AccountChange) =>
    run(
      () => changeAccount(user.id, body),
      async () => {
        setOpen(null);
        await load();
      },
    );

  return (
    <div className="staff">
      <p>
        <a {...linkHandler({ name: 'staff' })}>{t('accounts.back')}</a>
      </p>
      <div className="staff-accounts__head">
        <h2>{t('accounts.title')}</h2>
        {me ? (
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => {
              setNotice(null);
              setOpen({ kind: 'create' });
            }}
          >
            {t('accounts.create')}
          </button>
        ) : null}
      </div>
      {notice && (
        <p className="notice notice--ok" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="card staff-error" role="alert">
          {error}
        </p>
      )}
      {users === null && !error ? <p aria-live="polite">{t('common.loading')}</p> : null}
      {users && (
        <div className="card" style={{ overflowX: 'auto' }}>
          <table className="staff-table staff-accounts">
            <thead>
              <tr>
                <th>{t('accounts.name')}</th>
                <th>{t('accounts.role')}</th>
                <th>{t('accounts.unit')}</th>
                <th>{t('accounts.state')}</th>
                <th>{t('accounts.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr
                  key={u.id}
                  data-username={u.username}
                  className={u.id === createdId ? 'staff-accounts__new' : undefined}
                  ref={u.id === createdId ? createdRow : undefined}
                >
                  <td>
                    {u.displayName}
                    <br />
                    <small>{u.username}</small>
                  </td>
                  <td>{roles.label(u.role, locale)}</td>
                  <td>{u.nodeName ?? u.nodeId}</td>
                  <td>
                    {u.disabled ? <span className="badge badge--danger">{t('accounts.disabled')}</span> : <span className="badge badge--ok">{t('accounts.active')}</span>}{' '}
                    {u.mustChangePassword ? <span className="badge badge--warn">{t('accounts.mustChange')}</span> : null}
                  </td>
                  <td>
                    <div className="btn-row staff-accounts__actions">
                      <button type="button" className="btn" onClick={() => void showDevices(u)}>
                        {t('accounts.devices')}
                      </button>
                      {!u.mustChangePassword && !u.disabled ? (
                        <button type="button" className="btn" onClick={() => setOpen({ kind: 'requireChange', user: u })}>
                          {t('accounts.requireChange')}
                        </button>
                      ) : null}
                      {u.id === meId ? null : (
                        <button
                          type="button"
                          className="btn"
                          onClick={() => {
                            setNotice(null);
                            setOpen({ kind: 'resetPassword', user: u });
                          }}
                        >
                          {t('accounts.reset')}
                        </button>
                      )}
                      {u.id === meId ? null : u.disabled ? (
                        <button type="button" className="btn" disabled={busy} onClick={() => void change(u, { disabled: false })}>
                          {t('accounts.enable')}
                        </button>
                      ) : (
                        <button type="button" className="btn btn--danger" onClick={() => setOpen({ kind: 'disable', user: u })}>
                          {t('accounts.disable')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open?.kind === 'devices' && (
        <Dialog title={t('accounts.devicesOf', { name: open.user.displayName })} onClose={() => setOpen(null)}>
          {devices === null ? <p>{t('common.loading')}</p> : null}
          {devices?.length === 0 ? <p className="empty">{t('accounts.noDevices')}</p> : null}
          <ul className="plain-list">
            {(devices ?? []).map((d) => (
              <li key={d.id} className="staff-accounts__device">
                <span>
                  {d.deviceName}
                  <br />
                  <small>
                    {t('accounts.lastSeen')}
                    {locale === 'en' ? ': ' : '：'}
                    {new Date(d.lastUsedAt).toLocaleString(locale)}
                  </small>
                </span>
                <button type="button" className="btn btn--danger" onClick={() => setOpen({ kind: 'revoke', user: open.user, session: d })}>
                  {t('accounts.revoke')}
                </button>
              </li>
            ))}
          </ul>
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => setOpen(null)}>
              {t('accounts.close')}
            </button>
          </div>
        </Dialog>
      )}
      {open?.kind === 'revoke' && (
        <Confirm
          title={t('accounts.revokeTitle')}
          body={t('accounts.revokeBody', { device: open.session.deviceName })}
          action={t('accounts.revoke')}
          busy={busy}
          onCancel={() => void showDevices(open.user)}
          onConfirm={() => void run(() => revokeDevice(open.user.id, open.session.id), () => showDevices(open.user))}
        />
      )}
      {open?.kind === 'disable' && (
        <Confirm
          title={t('accounts.disableTitle')}
          body={t('accounts.disableBody', { name: open.user.displayName })}
          action={t('accounts.disable')}
          busy={busy}
          onCancel={() => setOpen(null)}
          onConfirm={() => void change(open.user, { disabled: true })}
        />
      )}
      {open?.kind === 'create' && me && (
        <NewAccountDialog
          admin={me}
          onClose={() => setOpen(null)}
          onCreated={(user) => {
            setOpen(null);
            setNotice(t('accounts.created', { username: user.username }));
            // Shown at once, then the list is read again (the server's state is the truth, its order by unit).
            setUsers((list) => (list ? [...list.filter((u) => u.id !== user.id), user] : [user]));
            void load().then(() => setCreatedId(user.id));
          }}
        />
      )}
      {open?.kind === 'resetPassword' && (
        <ResetPasswordDialog
          user={open.user}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            setNotice(t('accounts.resetDone', { name: open.user.displayName }));
            void load();
          }}
        />
      )}
      {open?.kind === 'requireChange' && (
        <Confirm
          title={t('accounts.requireTitle')}
          body={t('accounts.requireBody', { name: open.user.displayName })}
          action={t('accounts.requireChange')}
          busy={busy}
          onCancel={() => setOpen(null)}
          onConfirm={() => void change(open.user, { mustChangePassword: true })}
        />
      )}
    </div>
  );
}

function Confirm(props: { title: string; body: string; action: string; busy: boolean; onCancel: () => void; onConfirm: () => void }) {
  const { t } = useT();
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      <p>{props.body}</p>
      <div className="btn-row">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn--danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.action}
        </button>
      </div>
    </Dialog>
  );
}
