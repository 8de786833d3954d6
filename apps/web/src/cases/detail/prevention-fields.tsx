import { preventionKinds } from '@tiaojie/domain';
import { CheckboxField, TextField } from '../../components/fields.tsx';
import { useT } from '../../i18n/index.ts';
import type { PreventionState } from './case-edit-model.ts';

/** 预防效果 on a case: the dispute prevented, and each outcome prevented with the people involved (offline, like every edit). */
export function PreventionFields({ value, onChange, error }: { value: PreventionState; onChange: (v: PreventionState) => void; error?: string | undefined }) {
  const { t, locale } = useT();
  return (
    <fieldset className="party" data-testid="prevention-fields">
      <legend>{t('case.prevention')}</legend>
      <CheckboxField label={t('case.preventDisputes')} name="preventDisputes" checked={value.disputes} onChange={(disputes) => onChange({ ...value, disputes })} />
      {preventionKinds.entries.map((k) => (
        <TextField
          key={k.code}
          label={t('case.preventPeople', { what: locale === 'en' ? k.en : k.zh })}
          name={`prevent-${k.code}`}
          type="number"
          inputMode="numeric"
          value={value.people[k.code]}
          onChange={(people) => onChange({ ...value, people: { ...value.people, [k.code]: people } })}
        />
      ))}
      {error ? <p className="notice notice--danger" role="alert">{error}</p> : null}
    </fieldset>
  );
}
