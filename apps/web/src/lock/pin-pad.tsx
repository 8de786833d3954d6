import { useT } from '../i18n/index.ts';

const MAX = 6;

/**
 * A big digit pad (thumb-sized keys at 360 px): dots for what was typed, 1–9, delete, 0, confirm. Confirm waits for
 * `minLength` digits: 4 by default, since PINs set before the six-digit rule still unlock; a PIN being set asks for 6.
 */
export function PinPad({
  value,
  onChange,
  onSubmit,
  submitLabel,
  busy,
  minLength = 4,
}: {
  value: string;
  onChange: (v: string) => void;
  onSubmit: () => void;
  submitLabel: string;
  busy?: boolean;
  minLength?: number | undefined;
}) {
  const { t } = useT();
  const press = (d: string) => value.length < MAX && onChange(value + d);
  return (
    <div className="pin-pad">
      <p className="pin-pad__dots" aria-live="polite" aria-label={t('lock.entered', { count: value.length })} data-testid="pin-dots">
        {Array.from({ length: Math.max(minLength, value.length) }, (_, i) => (
          <span key={i} className={`pin-pad__dot${i < value.length ? ' pin-pad__dot--on' : ''}`} />
        ))}
      </p>
      <div className="pin-pad__keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" className="pin-pad__key" aria-label={t('lock.digit', { digit: d })} onClick={() => press(d)} disabled={busy}>
            {d}
          </button>
        ))}
        <button type="button" className="pin-pad__key pin-pad__key--small" onClick={() => onChange(value.slice(0, -1))} disabled={busy || value.length === 0}>
          {t('lock.backspace')}
        </button>
        <button type="button" className="pin-pad__key" aria-label={t('lock.digit', { digit: '0' })} onClick={() => press('0')} disabled={busy}>
          0
        </button>
        <button type="button" className={`pin-pad__key pin-pad__key--ok${busy ? ' pin-pad__key--busy' : ''}`} onClick={onSubmit} disabled={busy || value.length < minLength}>
          {submitLabel}
        </button>
      </div>
    </div>
  );
}
