import { preventionKinds, type PreventionKind } from '@tiaojie/domain';
import { TextField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';
import type { RoundPreventionDraft } from './activity-form-model.ts';

/** Error keys of these inputs, as errorsFromZod(…, 3) names them from the schema's paths. */
export const preventionErrorKeys = (k: PreventionKind) => ({ cases: `prevention.${k}.cases`, people: `prevention.${k}.people`, outcome: `prevention.${k}` });

/**
 * What a screening round headed off: disputes prevented, and each outcome prevented as cases and people. Each
 * error sits at its input; `errors` are the form's, keyed by schema path ('prevention.petition.people').
 */
export function RoundPreventionFields({ value, onChange, errors }: { value: RoundPreventionDraft; onChange: (v: RoundPreventionDraft, field: string) => void; errors: Record<string, string> }) {
  const { t, locale } = useT();
  const setOutcome = (part: 'cases' | 'people', k: PreventionKind) => (v: string) => onChange({ ...value, [part]: { ...value[part], [k]: v } }, `prevention.${k}.${part}`);
  // An issue on a path no input shows (none today) still says something, at the group.
  const placed = Object.keys(errors).some((key) => key.startsWith('prevention.'));
  return (
    <fieldset className="party" data-testid="round-prevention">
      <legend>{t('case.prevention')}</legend>
      <TextField label={t('log.preventedDisputes')} name="preventedDisputes" type="number" inputMode="numeric" value={value.disputes} onChange={(disputes) => onChange({ ...value, disputes }, 'prevention.disputes')} error={errors['prevention.disputes']} />
      {preventionKinds.entries.map((k) => {
        const what = locale === 'en' ? k.en : k.zh;
        const keys = preventionErrorKeys(k.code);
        return (
          // The outcome's name heads its row once, so 件 and 人数 sit side by side on one line at 360 px; each input's
          // name read out still says whose cases and people they are.
          <div key={k.code} className="prevention-row">
            <p className="field__label prevention-row__title" aria-hidden="true">{what}</p>
            <div className="grid-2">
              <TextField label={t('log.preventedCasesShort')} ariaLabel={t('log.preventedCases', { what })} name={`round-${k.code}-cases`} type="number" inputMode="numeric" value={value.cases[k.code]} onChange={setOutcome('cases', k.code)} error={errors[keys.cases]} />
              <TextField label={t('log.preventedPeople')} ariaLabel={t('log.preventedPeopleOf', { what })} name={`round-${k.code}-people`} type="number" inputMode="numeric" value={value.people[k.code]} onChange={setOutcome('people', k.code)} error={errors[keys.people] ?? (errors[keys.cases] ? undefined : errors[keys.outcome])} />
            </div>
          </div>
        );
      })}
      {errors.prevention && !placed ? <p className="notice notice--danger" role="alert">{errors.prevention}</p> : null}
    </fieldset>
  );
}
