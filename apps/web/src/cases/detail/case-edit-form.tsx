import { useState, type FormEvent } from 'react';
import { caseSources, disputeTypes, messageFor, riskLevels, textLimits, type DisputeCase } from '@tiaojie/domain';
import { useLocalStore } from '../../app/store-context.tsx';
import { CheckboxField, ChoiceChips, SelectField, TextField } from '../../components/fields.tsx';
import { showToast } from '../../components/toast.tsx';
import { useFieldErrors } from '../../components/use-field-errors.ts';
import { useT } from '../../i18n/index.ts';
import { useDirtyForm } from '../../pwa/dirty-forms.ts';
import { IntakeFields } from '../../intake/intake-fields.tsx';
import { emptyIntake } from '../case-form-model.ts';
import { optionsOf } from '../code-options.ts';
import { RiskFlagsField } from '../risk-flags-field.tsx';
import { saveErrorText } from '../save-error.ts';
import { caseEditChanges, caseEditStateOf, type CaseEditState } from './case-edit-model.ts';
import { CommitteeField } from './committee-field.tsx';
import { PreventionFields } from './prevention-fields.tsx';

/** Corrects what was recorded about a case: prefilled, and only the fields changed here are saved. */
export function CaseEditForm({ item, onDone }: { item: DisputeCase; onDone: () => void }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  // The case as the worker saw it when the sheet opened: a sync meanwhile must not turn into changes of theirs.
  const [original] = useState(item);
  const [initial] = useState(() => caseEditStateOf(item));
  const [form, setForm] = useState(initial);
  const { errors, setErrors, clearError } = useFieldErrors();
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useDirtyForm(`case-edit-${item.id}`, JSON.stringify(form) !== JSON.stringify(initial));

  const set = <K extends keyof CaseEditState>(k: K) => (v: CaseEditState[K]) => {
    clearError(k);
    // The group rule ties the two fields: its message is about the number of people.
    if (k === 'isGroup') clearError('peopleInvolved');
    if (k === 'reportedOn') clearError('acceptedOn');
    setForm((f) => ({ ...f, [k]: v }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const result = caseEditChanges(original, form, locale, { userId: store.user.id });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    if (Object.keys(result.changes).length === 0) {
      showToast(t('common.noChanges'));
      return onDone();
    }
    setSaving(true);
    setFailure(null);
    try {
      await store.editCase(item.id, result.changes, result.riskChange);
      showToast(t('case.savedLocally'));
      onDone();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
      setSaving(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <SelectField label={t('case.type')} name="type" required value={form.type} options={optionsOf(disputeTypes, locale)} onChange={set('type')} error={errors.type} />
      <TextField label={t('case.subType')} name="subType" value={form.subType} onChange={set('subType')} error={errors.subType} hint={t('common.optional')} maxLength={textLimits.subType} />
      <SelectField label={t('case.source')} name="source" required value={form.source} options={optionsOf(caseSources, locale)} onChange={set('source')} error={errors.source} />
      <IntakeFields
        source={form.source}
        value={form.intake ?? emptyIntake()}
        onChange={(patch) => {
          for (const k of Object.keys(patch)) clearError(`intake.${k}`);
          set('intake')({ ...(form.intake ?? emptyIntake()), ...patch });
        }}
        errors={errors}
      />
      <TextField label={t('case.facts')} name="facts" required multiline value={form.facts} onChange={set('facts')} error={errors.facts} />
      <ChoiceChips legend={t('case.risk')} name="edit-risk" value={form.risk} options={optionsOf(riskLevels, locale)} onChange={set('risk')} error={errors.risk} />
      {form.risk !== initial.risk ? (
        <TextField label={t('riskGrade.reason')} name="riskReason" required value={form.riskReason} onChange={set('riskReason')} error={errors.riskReason} hint={t('riskGrade.reasonHint')} maxLength={textLimits.reason} />
      ) : null}
      <RiskFlagsField name="edit-riskFlags" value={form.riskFlags} onChange={set('riskFlags')} />
      <CheckboxField label={t('case.isGroup')} name="isGroup" checked={form.isGroup} onChange={set('isGroup')} />
      {form.isGroup ? (
        <TextField label={t('case.peopleInvolved')} name="peopleInvolved" type="number" inputMode="numeric" required value={form.peopleInvolved} onChange={set('peopleInvolved')} error={errors.peopleInvolved} />
      ) : null}
      <div className="grid-2">
        <TextField label={t('case.reportedOn')} name="reportedOn" type="date" required value={form.reportedOn} onChange={set('reportedOn')} error={errors.reportedOn} />
        <TextField label={t('case.acceptedOn')} name="acceptedOn" type="date" required value={form.acceptedOn} onChange={set('acceptedOn')} error={errors.acceptedOn} />
      </div>
      <TextField label={t('case.amountInvolved')} name="amountInvolved" type="number" inputMode="decimal" value={form.amountInvolved} onChange={set('amountInvolved')} error={errors.amountInvolved} hint={t('common.optional')} />
      <CommitteeField gridId={item.gridId} value={form.committeeId} onChange={set('committeeId')} />
      <PreventionFields value={form.prevention} onChange={set('prevention')} error={errors.prevention} />
      {Object.keys(errors).length > 0 ? <p className="notice notice--danger" role="alert">{messageFor('VALIDATION_FAILED', locale)}</p> : null}
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={saving}>{saving ? t('common.saving') : t('caseEdit.save')}</button>
      </div>
    </form>
  );
}
