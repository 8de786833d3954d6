import { sexes } from '@tiaojie/domain';
import { SelectField, TextField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';
import type { PartyDraft } from './case-form-model.ts';
import { optionsOf } from './code-options.ts';

interface PartyFieldsProps {
  party: PartyDraft;
  onChange: (patch: Partial<PartyDraft>) => void;
  /** Messages keyed by draft field: name, age, phone, idNumber, address. */
  errors: Record<string, string | undefined>;
  /** Prefix of the inputs' names, unique within the form. */
  name: string;
  /** Under the ID number, e.g. the masked number already on file. */
  idNumberHint?: string | undefined;
}

/** One party's personal details, shared by the new-case form and the party sheet on a case. */
export function PartyFields({ party: p, onChange, errors, name, idNumberHint }: PartyFieldsProps) {
  const { t, locale } = useT();
  return (
    <>
      <TextField label={t('party.name')} name={`${name}-name`} value={p.name} onChange={(v) => onChange({ name: v })} error={errors.name} autoComplete="off" />
      <div className="grid-2">
        <SelectField label={t('party.sex')} value={p.sex} placeholder={t('common.notGiven')} options={optionsOf(sexes, locale)} onChange={(v) => onChange({ sex: v as PartyDraft['sex'] })} />
        <TextField label={t('party.age')} type="number" inputMode="numeric" value={p.age} onChange={(v) => onChange({ age: v })} error={errors.age} />
      </div>
      <TextField label={t('party.phone')} name={`${name}-phone`} type="tel" inputMode="tel" value={p.phone} onChange={(v) => onChange({ phone: v })} error={errors.phone} hint={t('common.optional')} autoComplete="off" />
      <TextField
        label={t('party.idNumber')}
        name={`${name}-idNumber`}
        value={p.idNumber}
        onChange={(v) => onChange({ idNumber: v.toUpperCase() })}
        error={errors.idNumber}
        hint={idNumberHint ?? t('common.optional')}
        autoComplete="off"
        maxLength={18}
      />
      <TextField label={t('party.address')} value={p.address} onChange={(v) => onChange({ address: v })} error={errors.address} />
    </>
  );
}
