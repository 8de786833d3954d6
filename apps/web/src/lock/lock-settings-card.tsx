import { useState } from 'react';
import { useT } from '../i18n/index.ts';
import { lockAfterChoices, readLockAfterMinutes, writeLockAfterMinutes } from './idle-setting.ts';

/** Me → 自动锁定: how long the phone may sit unused before the PIN is asked again (from the next unlock on). */
export function LockSettingsCard() {
  const { t } = useT();
  const [minutes, setMinutes] = useState(readLockAfterMinutes);
  return (
    <section className="card" aria-labelledby="lock-settings-title">
      <h2 id="lock-settings-title">{t('lock.idleTitle')}</h2>
      <p className="field__hint">{t('lock.idleHint')}</p>
      <div className="btn-row btn-row--chips">
        {lockAfterChoices.map((m) => (
          <button
            key={m}
            type="button"
            className={`btn${m === minutes ? ' btn--primary' : ''}`}
            aria-pressed={m === minutes}
            onClick={() => {
              writeLockAfterMinutes(m);
              setMinutes(m);
            }}
          >
            {t('lock.minutes', { count: m })}
          </button>
        ))}
      </div>
    </section>
  );
}
