import { useEffect, useLayoutEffect, useState } from 'react';
import { messageFor } from '@tiaojie/domain';
import { endSessionBecause } from '../api/signed-out.ts';
import { preloadHomeScreen } from '../app/home-route.tsx';
import { whenIdle } from '../app/when-idle.ts';
import { forgetRecoveryKey, signInRecoveryKey } from '../auth/recovery-key.ts';
import { useT } from '../i18n/index.ts';
import type { LocalLock, LockStatus } from '../storage/index.ts';
import { PIN_MIN_LENGTH } from '../storage/pin-length.ts';
import { PinPad } from './pin-pad.tsx';
import { takePreLock } from './pre-lock.ts';

/** What a locked phone shows: set the first PIN, enter it, or (after five wrong ones and a new sign-in) set a new one. */
export default function LockScreens({ lock, status }: { lock: LocalLock; status: Exclude<LockStatus, 'open'> }) {
  if (status === 'locked') return <UnlockScreen lock={lock} />;
  return <SetPinScreen lock={lock} recover={status === 'discarded'} />;
}

function LockFrame({ mode, title, children }: { mode: 'unlock' | 'set'; title: string; children: React.ReactNode }) {
  const { t } = useT();
  return (
    <div className="app lock-screen" data-lock-screen={mode}>
      <header className="topbar">
        <h1 className="topbar__title">{t('app.name')}</h1>
      </header>
      <main className="main">
        <h2 className="lock-screen__title">{title}</h2>
        {children}
      </main>
    </div>
  );
}

function UnlockScreen({ lock }: { lock: LocalLock }) {
  const { t, locale } = useT();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The digits typed on the early pad (boot/lock-pad.js), taken over as this pad replaces it; a PIN already
  // confirmed there is tried now.
  useLayoutEffect(() => {
    const early = takePreLock();
    if (!early) return;
    if (early.focus >= 0) document.querySelectorAll<HTMLButtonElement>('[data-lock-screen] .pin-pad__key')[early.focus]?.focus();
    if (early.submitted) void submit(early.pin);
    else setPin(early.pin);
    // Once, on mount: the early pad is gone after this commit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // While the worker types: what confirming needs (the key work, the cipher) and what it opens (home's chunk).
  useEffect(
    () =>
      whenIdle(() => {
        void lock.prepare().catch(() => undefined);
        void preloadHomeScreen().catch(() => undefined);
      }),
    [lock],
  );

  async function submit(typed: string) {
    setPin(typed);
    setBusy(true);
    setError(null);
    try {
      const result = await lock.unlock(typed);
      if (result.ok) return;
      setPin('');
      if (result.code === 'PIN_DISCARDED') endSessionBecause('PIN_DISCARDED');
      else setError(t('lock.wrongPin', { count: result.attemptsLeft }));
    } catch (err) {
      setError(messageFor('INTERNAL', locale) + String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <LockFrame mode="unlock" title={t('lock.title')}>
      {error ? (
        <p className="notice notice--danger" role="alert">
          {error}
        </p>
      ) : null}
      <PinPad value={pin} onChange={setPin} onSubmit={() => void submit(pin)} submitLabel={busy ? t('lock.unlocking') : '✓'} busy={busy} />
    </LockFrame>
  );
}

function SetPinScreen({ lock, recover }: { lock: LocalLock; recover: boolean }) {
  const { t, locale } = useT();
  const [first, setFirst] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const recoveryKey = signInRecoveryKey();
  // An early pad drawn from a stale mark (boot/lock-pad.js): what was typed there was not meant for this screen.
  useLayoutEffect(() => void takePreLock(), []);
  // Five wrong PINs and no fresh sign-in: only the password (and the server's recovery key) can open the data.
  useEffect(() => {
    if (recover && !recoveryKey) endSessionBecause('PIN_DISCARDED');
  }, [recover, recoveryKey]);

  if (!recoveryKey) {
    return (
      <LockFrame mode="set" title={t(recover ? 'lock.recoverTitle' : 'lock.setTitle')}>
        <p className="notice">{t('lock.needSignIn')}</p>
        <button type="button" className="btn btn--primary btn--block" onClick={() => void import('../auth/login.ts').then((m) => m.endSession())}>
          {t('lock.signInAgain')}
        </button>
      </LockFrame>
    );
  }

  async function submit() {
    setError(null);
    if (first === null) {
      if (await lock.pinProblem(pin)) {
        setError(messageFor('PIN_TOO_SIMPLE', locale));
        setPin('');
        return;
      }
      setFirst(pin);
      setPin('');
      return;
    }
    if (pin !== first) {
      setError(t('lock.mismatch'));
      setFirst(null);
      setPin('');
      return;
    }
    setBusy(true);
    try {
      if (recover) await lock.recover(recoveryKey!, pin);
      else await lock.setPin(pin, recoveryKey!);
      forgetRecoveryKey();
    } catch (err) {
      const code = (err as { code?: string }).code;
      setError(code === 'PIN_TOO_SIMPLE' || code === 'RECOVERY_KEY_MISSING' ? messageFor(code, locale) : String(err));
      setFirst(null);
      setPin('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <LockFrame mode="set" title={first === null ? t(recover ? 'lock.recoverTitle' : 'lock.setTitle') : t('lock.repeat')}>
      <p className="field__hint">{t(recover ? 'lock.recoverHint' : 'lock.setHint')}</p>
      {error ? (
        <p className="notice notice--danger" role="alert">
          {error}
        </p>
      ) : null}
      <PinPad value={pin} onChange={setPin} onSubmit={() => void submit()} submitLabel="✓" busy={busy} minLength={PIN_MIN_LENGTH} />
    </LockFrame>
  );
}
