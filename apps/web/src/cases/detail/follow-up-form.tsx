import { useState, type FormEvent } from 'react';
import { followUpSchema, messageFor, performanceStatuses, satisfactionLevels, type DisputeCase } from '@tiaojie/domain';
import { useLocalStore, useStoreContext } from '../../app/store-context.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/fields.tsx';
import { LastUsedSuggestion, readLastUsed, rememberLastUsed } from '../../components/last-used.tsx';
import { showToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/index.ts';
import { useDirtyForm } from '../../pwa/dirty-forms.ts';
import { newId } from '../case-form-model.ts';
import { optionsOf } from '../code-options.ts';
import { today } from '../deadlines.ts';
import { saveErrorText } from '../save-error.ts';
import { dateOrderErrors, errorsFromZod } from './form-errors.ts';

export function FollowUpForm({ item, onDone }: { item: DisputeCase; onDone: () => void }) {
  const caseId = item.id;
  const { t, locale } = useT();
  const store = useLocalStore();
  const { user } = useStoreContext();
  const [date, setDate] = useState(today());
  const [visitor, setVisitor] = useState(user.displayName);
  // Changes what the ledger reports: never pre-chosen (it said 已履行 beside an agreement still 待履行).
  const [performance, setPerformance] = useState<string>('');
  const [lastPerformance] = useState(() => readLastUsed(user.id, 'performance'));
  // 满意度 is reported (satisfaction rate): never pre-chosen either.
  const [satisfaction, setSatisfaction] = useState<string>('');
  const [residualRisk, setResidualRisk] = useState(false);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  useDirtyForm(`follow-up-${caseId}`, notes.trim() !== '');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing = { ...(performance ? {} : { performance: messageFor('REQUIRED', locale) }), ...(satisfaction ? {} : { satisfaction: messageFor('REQUIRED', locale) }) };
    if (Object.keys(missing).length > 0) return setErrors(missing);
    const parsed = followUpSchema.safeParse({ id: newId(), date, visitor, performance, satisfaction, residualRisk, notes });
    if (!parsed.success) return setErrors(errorsFromZod(parsed.error, locale));
    const path = `followUps.${parsed.data.id}.date`;
    const order = dateOrderErrors({ ...item, followUps: { ...item.followUps, [parsed.data.id]: parsed.data } }, (p) => (p === path ? 'date' : undefined), locale);
    if (order.date) return setErrors(order);
    try {
      await store.addFollowUp(caseId, parsed.data);
      rememberLastUsed(user.id, 'performance', performance);
      showToast(t('case.savedLocally'));
      onDone();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <TextField label={t('followUp.date')} type="date" required value={date} onChange={setDate} error={errors.date} />
      <TextField label={t('followUp.visitor')} required value={visitor} onChange={setVisitor} error={errors.visitor} />
      <SelectField label={t('followUp.performance')} required value={performance} placeholder={t('common.choose')} options={optionsOf(performanceStatuses, locale)} onChange={setPerformance} error={errors.performance} />
      <LastUsedSuggestion last={lastPerformance} value={performance} options={optionsOf(performanceStatuses, locale)} onPick={setPerformance} label={(choice) => t('common.lastUsed', { choice })} />
      <SelectField label={t('followUp.satisfaction')} required value={satisfaction} placeholder={t('common.choose')} options={optionsOf(satisfactionLevels, locale)} onChange={setSatisfaction} error={errors.satisfaction} />
      <CheckboxField label={t('followUp.residualRisk')} checked={residualRisk} onChange={setResidualRisk} />
      <TextField label={t('followUp.notes')} multiline value={notes} onChange={setNotes} error={errors.notes} />
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary">{t('followUp.save')}</button>
      </div>
    </form>
  );
}
