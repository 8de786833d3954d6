import { useState, type FormEvent } from 'react';
import { investigationSchema, textLimits, type DisputeCase } from '@tiaojie/domain';
import { useLocalStore, useStoreContext } from '../../app/store-context.tsx';
import { TextField } from '../../components/fields.tsx';
import { showToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/index.ts';
import { useDirtyForm } from '../../pwa/dirty-forms.ts';
import { newId } from '../case-form-model.ts';
import { today } from '../deadlines.ts';
import { saveErrorText } from '../save-error.ts';
import { dateOrderErrors, errorsFromZod } from './form-errors.ts';

/** The phone's clock, 'HH:MM': the worker usually records an investigation on the spot. */
function nowTime(): string {
  return new Date().toTimeString().slice(0, 5);
}

/** 人民调解调查记录: recorded on the phone, offline, one transaction like a session; the case file prints it. */
export function InvestigationForm({ item, onDone }: { item: DisputeCase; onDone: () => void }) {
  const caseId = item.id;
  const { t, locale } = useT();
  const store = useLocalStore();
  const { user } = useStoreContext();
  const [date, setDate] = useState(today());
  const [time, setTime] = useState(nowTime());
  const [place, setPlace] = useState('');
  const [investigators, setInvestigators] = useState(user.displayName);
  const [interviewees, setInterviewees] = useState('');
  const [findings, setFindings] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  useDirtyForm(`investigation-${caseId}`, findings.trim() !== '' || place.trim() !== '');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = investigationSchema.safeParse({ id: newId(), date, ...(time ? { time } : {}), place, investigators, interviewees, findings });
    if (!parsed.success) return setErrors(errorsFromZod(parsed.error, locale));
    const path = `investigations.${parsed.data.id}.date`;
    const order = dateOrderErrors({ ...item, investigations: { ...item.investigations, [parsed.data.id]: parsed.data } }, (p) => (p === path ? 'date' : undefined), locale);
    if (order.date) return setErrors(order);
    try {
      await store.addInvestigation(caseId, parsed.data);
      showToast(t('case.savedLocally'));
      onDone();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <TextField label={t('investigation.date')} type="date" value={date} onChange={setDate} error={errors.date} required />
      <TextField label={t('investigation.time')} type="time" value={time} onChange={setTime} error={errors.time} />
      <TextField label={t('investigation.place')} name="investigation-place" value={place} onChange={setPlace} error={errors.place} maxLength={textLimits.location} required />
      <TextField label={t('investigation.investigators')} name="investigation-investigators" value={investigators} onChange={setInvestigators} error={errors.investigators} maxLength={textLimits.people} required />
      <TextField
        label={t('investigation.interviewees')}
        name="investigation-interviewees"
        hint={t('investigation.intervieweesHint')}
        value={interviewees}
        onChange={setInterviewees}
        error={errors.interviewees}
        maxLength={textLimits.people}
      />
      <TextField label={t('investigation.findings')} name="investigation-findings" multiline value={findings} onChange={setFindings} error={errors.findings} maxLength={textLimits.notes} required />
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary">{t('investigation.save')}</button>
      </div>
    </form>
  );
}
