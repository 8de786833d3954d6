import { useState } from 'react';
import { ageOn, documentBirthFacts, idDocumentTypes, partyKinds, sexes, toShanghaiDate, type IdDocumentType } from '@tiaojie/domain';
import { SelectField, TextField } from '../components/fields.tsx';
import { useT } from '../i18n/index.ts';
import type { PartyDraft } from './case-form-model.ts';
import { optionsOf } from './code-options.ts';

interface PartyFieldsProps {
  party: PartyDraft;
  onChange: (patch: Partial<PartyDraft>) => void;
  /** Messages keyed by draft field: name, age, phone, idNumber, creditCode, contactName, address. */
  errors: Record<string, string | undefined>;
  /** Prefix of the inputs' names, unique within the form. */
  name: string;
  /** Under the ID number, e.g. the masked number already on file. */
  idNumberHint?: string | undefined;
  /** The number on file (never shown): what sex and age are compared with while the field is left blank. */
  storedIdNumber?: string | undefined;
}

/**
 * Sex and age a document number carries, with the age today: filled into empty fields, and shown as a warning
 * when typed otherwise (a typo in either the number or the fields).
 */
function factsOf(type: IdDocumentType, number: string) {
  const facts = documentBirthFacts(type, number);
  return facts ? { sex: facts.sex, age: ageOn(facts.birthDate, toShanghaiDate(new Date())) } : null;
}

/** One party's details, shared by the new-case form and the party sheet on a case: a person's, or an organisation's. */
export function PartyFields({ party: p, onChange, errors, name, idNumberHint, storedIdNumber }: PartyFieldsProps) {
  const { t, locale } = useT();
  const [filled, setFilled] = useState(false);

  const changeDocument = (patch: Pick<PartyDraft, 'idType' | 'idNumber'>) => {
    const facts = factsOf(patch.idType, patch.idNumber);
    const fill: Partial<PartyDraft> = {};
    if (facts && !p.sex) fill.sex = facts.sex;
    if (facts && !p.age.trim()) fill.age = String(facts.age);
    setFilled(Object.keys(fill).length > 0 || (filled && facts !== null));
    onChange({ ...patch, ...fill });
  };

  const kindField = (
    <SelectField
      label={t('party.kind')}
      name={`${name}-kind`}
      value={p.kind}
      options={optionsOf(partyKinds, locale)}
      onChange={(v) => onChange({ kind: v as PartyDraft['kind'] })}
    />
  );
  const phoneHint = t('party.phoneHint');

  if (p.kind === 'organisation') {
    return (
      <>
        {kindField}
        <TextField label={t('party.orgName')} name={`${name}-name`} value={p.name} onChange={(v) => onChange({ name: v })} error={errors.name} autoComplete="off" />
        <TextField
          label={t('party.creditCode')}
          name={`${name}-creditCode`}
          value={p.creditCode}
          onChange={(v) => onChange({ creditCode: v.toUpperCase() })}
          error={errors.creditCode}
          hint={t('common.optional')}
          autoComplete="off"
          maxLength={24}
        />
        <TextField label={t('party.contactName')} name={`${name}-contactName`} value={p.contactName} onChange={(v) => onChange({ contactName: v })} error={errors.contactName} hint={t('common.optional')} autoComplete="off" />
        <TextField label={t('party.contactPhone')} name={`${name}-phone`} type="tel" inputMode="tel" value={p.phone} onChange={(v) => onChange({ phone: v })} error={errors.phone} hint={phoneHint} autoComplete="off" />
        <TextField label={t('party.orgAddress')} value={p.address} onChange={(v) => onChange({ address: v })} error={errors.address} />
      </>
    );
  }

  const facts = factsOf(p.idType, p.idNumber.trim() || storedIdNumber || '');
  const disagrees =
    facts !== null && ((p.sex !== '' && p.sex !== facts.sex) || (p.age.trim() !== '' && Number(p.age) !== facts.age));
  return (
    <>
      {kindField}
      <TextField label={t('party.name')} name={`${name}-name`} value={p.name} onChange={(v) => onChange({ name: v })} error={errors.name} autoComplete="off" />
      <div className="grid-2">
        <SelectField label={t('party.sex')} name={`${name}-sex`} value={p.sex} placeholder={t('common.notGiven')} options={optionsOf(sexes, locale)} onChange={(v) => onChange({ sex: v as PartyDraft['sex'] })} />
        <TextField label={t('party.age')} name={`${name}-age`} type="number" inputMode="numeric" value={p.age} onChange={(v) => onChange({ age: v })} error={errors.age} />
      </div>
      <SelectField
        label={t('party.idType')}
        name={`${name}-idType`}
        value={p.idType}
        options={optionsOf(idDocumentTypes, locale)}
        onChange={(v) => changeDocument({ idType: v as IdDocumentType, idNumber: p.idNumber })}
      />
      <TextField
        label={t('party.idNumber')}
        name={`${name}-idNumber`}
        value={p.idNumber}
        onChange={(v) => changeDocument({ idType: p.idType, idNumber: v.toUpperCase() })}
        error={errors.idNumber}
        hint={idNumberHint ?? t('common.optional')}
        autoComplete="off"
        maxLength={30}
      />
      {disagrees ? (
        <p className="notice notice--warn" role="status" data-testid={`${name}-id-disagrees`}>
          {t('party.idDisagrees', { sex: sexes.label(facts.sex, locale), age: facts.age })}
        </p>
      ) : filled && facts ? (
        <p className="notice notice--ok" role="status">{t('party.filledFromId')}</p>
      ) : null}
      <TextField label={t('party.phone')} name={`${name}-phone`} type="tel" inputMode="tel" value={p.phone} onChange={(v) => onChange({ phone: v })} error={errors.phone} hint={phoneHint} autoComplete="off" />
      <TextField label={t('party.address')} value={p.address} onChange={(v) => onChange({ address: v })} error={errors.address} />
    </>
  );
}
