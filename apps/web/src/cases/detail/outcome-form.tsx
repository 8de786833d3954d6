import { useState, type FormEvent } from 'react';
import {
  agreementForms,
  agreementSchema,
  courtConfirmationStatuses,
  failedRoutes,
  mediatingBodies,
  messageFor,
  outcomes,
  performanceStatuses,
  type DisputeCase,
  type FailedRoute,
  type OutcomeCode,
} from '@tiaojie/domain';
import { useLocalStore, useStoreContext } from '../../app/store-context.tsx';
import { ChoiceChips, SelectField, TextField } from '../../components/fields.tsx';
import { LastUsedSuggestion, readLastUsed, rememberLastUsed } from '../../components/last-used.tsx';
import { showToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/index.ts';
import { useDirtyForm } from '../../pwa/dirty-forms.ts';
import { optionsOf } from '../code-options.ts';
import { today } from '../deadlines.ts';
import { saveErrorText } from '../save-error.ts';
import { dateOrderErrors, errorsFromZod } from './form-errors.ts';
import { BodySuggestion, rememberBody } from './session-form.tsx';
import { useFieldErrors } from '../../components/use-field-errors.ts';

/** Concluding a case: the outcome, and for a success the agreement (form, content, amount, court confirmation). */
export function OutcomeForm({ item, onDone }: { item: DisputeCase; onDone: () => void }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const { user } = useStoreContext();
  // 调解结果 and 协议形式 are counted in the report (success rate, written/oral agreements): never pre-chosen.
  const [code, setCode] = useState<string>('');
  const [concludedOn, setConcludedOn] = useState(today());
  // 调解组织 too: the statistics count by the body that mediated.
  const [body, setBody] = useState<string>('');
  const [failedRoute, setFailedRoute] = useState('');
  const [transferredTo, setTransferredTo] = useState('');
  const [notes, setNotes] = useState('');
  const [form, setForm] = useState<string>('');
  const [content, setContent] = useState('');
  const [amount, setAmount] = useState('');
  // 司法确认 and 履行情况 are counted too (court confirmation, performance tables): never pre-chosen. What this worker
  // last picked is one visible tap away instead.
  const [court, setCourt] = useState<string>('');
  const [lastCourt] = useState(() => readLastUsed(user.id, 'courtConfirmation'));
  const [courtAppliedOn, setCourtAppliedOn] = useState('');
  const [performance, setPerformance] = useState<string>('');
  const [lastPerformance] = useState(() => readLastUsed(user.id, 'agreementPerformance'));
  const { errors, setErrors, clearError } = useFieldErrors();
  const editing = <T,>(field: string, setValue: (v: T) => void) => (v: T) => {
    clearError(field);
    setValue(v);
  };
  const [failure, setFailure] = useState<string | null>(null);
  useDirtyForm(`outcome-${item.id}`, notes.trim() !== '' || content.trim() !== '' || amount !== '');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!code) problems.code = messageFor('REQUIRED', locale);
    if (!mediatingBodies.has(body)) problems.body = messageFor('REQUIRED', locale);
    if (code === 'success' && !form) problems.agreementForm = messageFor('REQUIRED', locale);
    if (code === 'success' && !court) problems.courtConfirmation = messageFor('REQUIRED', locale);
    if (code === 'success' && !performance) problems.performance = messageFor('REQUIRED', locale);
    if (code === 'failed' && !failedRoute) problems.failedRoute = messageFor('FAILED_ROUTE', locale);
    let agreement = null;
    if (code === 'success' && form) {
      const parsed = agreementSchema.safeParse({
        form,
        content,
        signedOn: form === 'written' ? concludedOn : undefined,
        amount: amount.trim() === '' ? 0 : Number(amount),
        courtConfirmation: court,
        ...(court !== '' && court !== 'none' && courtAppliedOn ? { courtConfirmationAppliedOn: courtAppliedOn } : {}),
        performance,
      });
      if (parsed.success) agreement = parsed.data;
      else for (const [field, text] of Object.entries(errorsFromZod(parsed.error, locale))) problems[field] ??= text;
      if (form === 'oral' && !content.trim()) problems.content = messageFor('REQUIRED', locale);
    }
    // A conclusion before acceptance, before a session already held, or after a visit already made: said at the date.
    for (const [field, text] of Object.entries(dateOrderErrors({ ...item, outcome: { concludedOn }, agreement: agreement ?? item.agreement }, () => 'concludedOn', locale))) {
      problems[field] ??= text;
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !mediatingBodies.has(body)) return;
    try {
      await store.conclude(item.id, {
        outcome: {
          code: code as OutcomeCode,
          concludedOn,
          body,
          ...(code === 'failed' ? { failedRoute: failedRoute as FailedRoute } : {}),
          ...(code === 'failed' && failedRoute === 'transfer' && transferredTo.trim() ? { transferredTo: transferredTo.trim() } : {}),
          notes,
        },
        agreement,
      });
      rememberBody(user.id, body);
      if (agreement) {
        rememberLastUsed(user.id, 'courtConfirmation', agreement.courtConfirmation);
        rememberLastUsed(user.id, 'agreementPerformance', agreement.performance);
      }
      showToast(t('case.savedLocally'));
      onDone();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ChoiceChips legend={t('outcome.code')} name="outcome" required value={code} options={optionsOf(outcomes, locale).filter((o) => o.value !== 'not_accepted' || item.status === 'accepted')} onChange={editing('code', setCode)} error={errors.code} />
      <TextField label={t('outcome.concludedOn')} type="date" required value={concludedOn} onChange={editing('concludedOn', setConcludedOn)} error={errors.concludedOn} />
      <SelectField label={t('outcome.body')} value={body} placeholder={t('common.choose')} options={optionsOf(mediatingBodies, locale)} onChange={editing('body', setBody)} error={errors.body} required />
      <BodySuggestion userId={user.id} level={item.handlingLevel} value={body} onPick={editing('body', setBody)} />
      {code === 'failed' ? (
        <>
          <ChoiceChips legend={t('outcome.failedRoute')} name="failedRoute" value={failedRoute} options={optionsOf(failedRoutes, locale)} onChange={editing('failedRoute', setFailedRoute)} error={errors.failedRoute} />
          {failedRoute === 'transfer' ? <TextField label={t('outcome.transferredTo')} value={transferredTo} onChange={setTransferredTo} /> : null}
        </>
      ) : null}
      {code === 'success' ? (
        <fieldset className="party">
          <legend>{t('agreement.title')}</legend>
          <ChoiceChips legend={t('agreement.form')} name="agreementForm" required value={form} options={optionsOf(agreementForms, locale)} onChange={editing('agreementForm', setForm)} error={errors.agreementForm} />
          <TextField label={form === 'oral' ? t('agreement.contentOral') : t('agreement.content')} name="agreement-content" multiline value={content} onChange={editing('content', setContent)} error={errors.content} required={form === 'oral'} />
          <TextField label={t('agreement.amount')} name="agreement-amount" type="number" inputMode="decimal" value={amount} onChange={editing('amount', setAmount)} error={errors.amount} />
          <SelectField label={t('agreement.court')} required value={court} placeholder={t('common.choose')} options={optionsOf(courtConfirmationStatuses, locale)} onChange={editing('courtConfirmation', setCourt)} hint={t('agreement.courtHint')} error={errors.courtConfirmation} />
          <LastUsedSuggestion last={lastCourt} value={court} options={optionsOf(courtConfirmationStatuses, locale)} onPick={editing('courtConfirmation', setCourt)} label={(choice) => t('common.lastUsed', { choice })} />
          {court !== '' && court !== 'none' ? <TextField label={t('agreement.courtAppliedOn')} type="date" value={courtAppliedOn} onChange={editing('courtConfirmationAppliedOn', setCourtAppliedOn)} error={errors.courtConfirmationAppliedOn} /> : null}
          <SelectField label={t('agreement.performance')} required value={performance} placeholder={t('common.choose')} options={optionsOf(performanceStatuses, locale)} onChange={editing('performance', setPerformance)} error={errors.performance} />
          <LastUsedSuggestion last={lastPerformance} value={performance} options={optionsOf(performanceStatuses, locale)} onPick={editing('performance', setPerformance)} label={(choice) => t('common.lastUsed', { choice })} />
        </fieldset>
      ) : null}
      <TextField label={t('outcome.notes')} multiline value={notes} onChange={editing('notes', setNotes)} error={errors.notes} />
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary">{t('outcome.save')}</button>
      </div>
    </form>
  );
}
