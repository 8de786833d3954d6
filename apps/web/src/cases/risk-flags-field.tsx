import { riskFlags } from '@tiaojie/domain';
import { CheckboxField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';

/** The four risk flags as checkboxes: none is pre-ticked, the worker ticks what applies. */
export function RiskFlagsField({ value, onChange, name }: { value: readonly string[]; onChange: (next: string[]) => void; name: string }) {
  const { t, locale } = useT();
  return (
    <fieldset className="field">
      <legend className="field__label">{t('riskGrade.flags')}</legend>
      {riskFlags.entries.map((f) => (
        <CheckboxField
          key={f.code}
          name={`${name}-${f.code}`}
          label={riskFlags.label(f.code, locale)}
          checked={value.includes(f.code)}
          onChange={(on) => onChange(on ? [...value.filter((v) => v !== f.code), f.code] : value.filter((v) => v !== f.code))}
        />
      ))}
    </fieldset>
  );
}
