import { preventionKinds, type PreventionKind } from '@tiaojie/domain';
import { TextField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';
import type { RoundPreventionDraft } from './activity-form-model.ts';

/** What a screening round headed off: disputes prevented, and each outcome prevented as cases and people. */
export function RoundPreventionFields({ value, onChange, error }: { value: RoundPreventionDraft; onChange: (v: RoundPreventionDraft) => void; error?: string | undefined }) {
  const { t, locale } = useT();
  const setOutcome = (part: 'cases' | 'people', k: PreventionKind) => (v: string) => onChange({ ...value, [part]: { ...value[part], [k]: v } });
  return (
    <fieldset className="party" data-testid="round-prevention">
      <legend>{t('case.prevention')}</legend>
      <TextField label={t('log.preventedDisputes')} name="preventedDisputes" type="number" inputMode="numeric" value={value.disputes} onChange={(disputes) => onChange({ ...value, disputes })} />
      {preventionKinds.entries.map((k) => (
        <div key={k.code} className="grid-2">
          <TextField label={t('log.preventedCases', { what: locale === 'en' ? k.en : k.zh })} name={`round-${k.code}-cases`} type="number" inputMode="numeric" value={value.cases[k.code]} onChange={setOutcome('cases', k.code)} />
          <TextField label={t('log.preventedPeople')} name={`round-${k.code}-people`} type="number" inputMode="numeric" value={value.people[k.code]} onChange={setOutcome('people', k.code)} />
        </div>
      ))}
      {error ? <p className="notice notice--danger" role="alert">{error}</p> : null}
    </fieldset>
  );
}
