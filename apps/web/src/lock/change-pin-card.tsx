import { useEffect, useRef, useState } from 'react';
import { messageFor } from '@tiaojie/domain';
import { endSessionBecause } from '../api/signed-out.ts';
import { useT } from '../i18n/index.ts';
import type { LocalLock } from '../storage/index.ts';
import { PIN_MIN_LENGTH } from '../storage/pin-length.ts';
import { PinPad } from './pin-pad.tsx';
import './lock.css';

type Step = 'idle' | 'old' | 'new' | 'repeat';

/**
 * Me → 修改PIN码: the current PIN, then the new one twice. Only the wrapping of the data key changes (fast: two key
 * derivations), and a wrong current PIN counts towards the five like a wrong unlock — the fifth ends the session as
 * on the lock screen, so this card is no way around the limit.
 */
export function ChangePinCard({ lock }: { lock: LocalLock }) {
  const { t, locale } = useT();
  const [step, setStep] = useState<Step>('idle');
  const [oldPin, setOldPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const card = useRef<HTMLElement>(null);
  // Each step's title sits above the pad: at 360×740 the pad alone fills the screen, so bring the title into view.
  useEffect(() => {
    if (step !== 'idle') card.current?.scrollIntoView?.({ block: 'start' });
  }, [step]);

  function restart(to: Step, message: string | null) {
    setStep(to);
    setPin('');
    setError(message);
    if (to === 'idle' || to === 'old') setOldPin('');
    setNewPin('');
  }

  async function submit() {
    setError(null);
    if (step === 'old') {
      setOldPin(pin);
      setPin('');
      setStep('new');
      return;
    }
    if (step === 'new') {
      if (await lock.pinProblem(pin)) {
        setError(messageFor('PIN_TOO_SIMPLE', locale));
        setPin('');
        return;
      }
      setNewPin(pin);
      setPin('');
      setStep('repeat');
      return;
    }
    if (pin !== newPin) return restart('new', t('lock.mismatch'));
    setBusy(true);
    try {
      const result = await lock.changePin(oldPin, newPin);
      if (result.ok) {
        restart('idle', null);
        setDone(true);
      } else if (result.code === 'WRONG_PIN') {
        restart('old', t('lock.changeWrongOld', { count: result.attemptsLeft }));
      } else {
        endSessionBecause('PIN_DISCARDED');
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      restart('new', code === 'PIN_TOO_SIMPLE' ? messageFor(code, locale) : messageFor('INTERNAL', locale) + String(err));
    } finally {
      setBusy(false);
    }
  }

  const titles = { old: 'lock.changeOld', new: 'lock.changeNew', repeat: 'lock.repeat' } as const;
  return (
    <section ref={card} className="card" aria-labelledby="change-pin-title" data-change-pin={step}>
      <h2 id="change-pin-title">{t('lock.changeTitle')}</h2>
      {done && step === 'idle' ? (
        <p className="notice" role="status">
          {t('lock.changed')}
        </p>
      ) : null}
      {error ? (
        <p className="notice notice--danger" role="alert">
          {error}
        </p>
      ) : null}
      {step === 'idle' ? (
        <button
          type="button"
          className="btn btn--block"
          onClick={() => {
            setDone(false);
            restart('old', null);
          }}
        >
          {t('lock.changeTitle')}
        </button>
      ) : (
        <>
          <h3 className="lock-screen__title">{t(titles[step])}</h3>
          {step === 'new' ? <p className="field__hint">{t('lock.changeHint')}</p> : null}
          <PinPad
            value={pin}
            onChange={setPin}
            onSubmit={() => void submit()}
            submitLabel={busy ? t('lock.changing') : '✓'}
            busy={busy}
            minLength={step === 'old' ? undefined : PIN_MIN_LENGTH}
          />
          <button type="button" className="btn btn--block" onClick={() => restart('idle', null)} disabled={busy}>
            {t('common.cancel')}
          </button>
        </>
      )}
    </section>
  );
}
