import { useState, type FormEvent } from 'react';
import { activityKinds, newActivitySchema } from '@tiaojie/domain';
import { useLocalStore, useStoreContext } from '../app/store-context.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { showToast } from '../components/toast.tsx';
import { newId } from '../cases/case-form-model.ts';
import { optionsOf } from '../cases/code-options.ts';
import { errorsFromZod } from '../cases/detail/form-errors.ts';
import { today } from '../cases/deadlines.ts';
import { saveErrorText } from '../cases/save-error.ts';
import { useT } from '../i18n/index.ts';
import { useDirtyForm } from '../pwa/dirty-forms.ts';

/** The participant label follows the kind: trainees, attendees, audience, consultations (人次). */
const participantsKey: Record<string, string> = {
  screening: 'log.participants.screening',
  meeting: 'log.participants.meeting',
  training: 'log.participants.training',
  publicity: 'log.participants.publicity',
  consultation: 'log.participants.consultation',
};

export function ActivityForm({ onDone }: { onDone: () => void }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const { user } = useStoreContext();
  const [kind, setKind] = useState<string>('screening');
  const [date, setDate] = useState(today());
  const [title, setTitle] = useState('');
  const [location, setLocation] = useState('');
  const [participants, setParticipants] = useState('');
  const [disputesFound, setDisputesFound] = useState('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  useDirtyForm('activity-form', title.trim() !== '' || notes.trim() !== '');
  const findsDisputes = kind === 'screening' || kind === 'meeting';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = newActivitySchema.safeParse({
      id: newId(),
      nodeId: user.nodeId,
      kind,
      date,
      title,
      location,
      participants: participants === '' ? 0 : Number(participants),
      disputesFound: findsDisputes && disputesFound !== '' ? Number(disputesFound) : 0,
      notes,
    });
    if (!parsed.success) return setErrors(errorsFromZod(parsed.error, locale));
    try {
      await store.createActivity(parsed.data);
      showToast(t('case.savedLocally'));
      onDone();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <SelectField label={t('log.kind')} name="kind" value={kind} options={optionsOf(activityKinds, locale)} onChange={setKind} required />
      <TextField label={t('log.date')} type="date" value={date} onChange={setDate} error={errors.date} required />
      <TextField label={t('log.titleField')} name="title" value={title} onChange={setTitle} error={errors.title} required />
      <TextField label={t('log.location')} value={location} onChange={setLocation} error={errors.location} />
      <TextField label={t(participantsKey[kind] ?? 'log.participants.meeting')} name="participants" type="number" inputMode="numeric" value={participants} onChange={setParticipants} error={errors.participants} />
      {findsDisputes ? (
        <TextField label={t('log.disputesFound')} type="number" inputMode="numeric" value={disputesFound} onChange={setDisputesFound} error={errors.disputesFound} />
      ) : null}
      <TextField label={t('log.notes')} multiline value={notes} onChange={setNotes} error={errors.notes} />
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary">{t('common.save')}</button>
      </div>
    </form>
  );
}
