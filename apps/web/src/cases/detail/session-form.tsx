import { useState, type FormEvent } from 'react';
import { mediatingBodies, mediationSessionSchema, type DisputeCase, type Level, type MediatingBody } from '@tiaojie/domain';
import { useLocalStore, useStoreContext } from '../../app/store-context.tsx';
import { SelectField, TextField } from '../../components/fields.tsx';
import { LastUsedSuggestion, readLastUsed, rememberLastUsed } from '../../components/last-used.tsx';
import { showToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/index.ts';
import { useDirtyForm } from '../../pwa/dirty-forms.ts';
import { optionsOf } from '../code-options.ts';
import { newId } from '../case-form-model.ts';
import { today } from '../deadlines.ts';
import { saveErrorText } from '../save-error.ts';
import { dateOrderErrors, errorsFromZod } from './form-errors.ts';

export const defaultBodyForLevel: Record<Level, MediatingBody> = {
  grid: 'grid_worker',
  community: 'community_committee',
  subdistrict: 'subdistrict_committee',
  district: 'administrative',
};

/**
 * The mediating body is counted in the statistics (which committee mediated), so it is never pre-chosen: the worker
 * picks, with one tap on what they last picked or, the first time, on the body of the case's handling level.
 */
export function BodySuggestion({ userId, level, value, onPick }: { userId: string; level: Level; value: string; onPick: (v: string) => void }) {
  const { t, locale } = useT();
  const [last] = useState(() => readLastUsed(userId, 'body'));
  const options = optionsOf(mediatingBodies, locale);
  return last && mediatingBodies.has(last) ? (
    <LastUsedSuggestion last={last} value={value} options={options} onPick={onPick} label={(choice) => t('common.lastUsed', { choice })} />
  ) : (
    <LastUsedSuggestion last={defaultBodyForLevel[level]} value={value} options={options} onPick={onPick} label={(choice) => t('common.suggested', { choice })} />
  );
}

export const rememberBody = (userId: string, body: string) => rememberLastUsed(userId, 'body', body);

export function SessionForm({ item, onDone }: { item: DisputeCase; onDone: () => void }) {
  const caseId = item.id;
  const level = item.handlingLevel;
  const { t, locale } = useT();
  const store = useLocalStore();
  const { user } = useStoreContext();
  const [date, setDate] = useState(today());
  const [mediator, setMediator] = useState(user.displayName);
  const [body, setBody] = useState<string>('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  useDirtyForm(`session-${caseId}`, notes.trim() !== '');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = mediationSessionSchema.safeParse({ id: newId(), date, mediator, body, notes });
    if (!parsed.success) return setErrors(errorsFromZod(parsed.error, locale));
    const path = `sessions.${parsed.data.id}.date`;
    const order = dateOrderErrors({ ...item, sessions: { ...item.sessions, [parsed.data.id]: parsed.data } }, (p) => (p === path ? 'date' : undefined), locale);
    if (order.date) return setErrors(order);
    try {
      await store.addSession(caseId, parsed.data);
      rememberBody(user.id, parsed.data.body);
      showToast(t('case.savedLocally'));
      onDone();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <TextField label={t('session.date')} type="date" value={date} onChange={setDate} error={errors.date} required />
      <TextField label={t('session.mediator')} value={mediator} onChange={setMediator} error={errors.mediator} required />
      <SelectField label={t('session.body')} value={body} placeholder={t('common.choose')} options={optionsOf(mediatingBodies, locale)} onChange={setBody} error={errors.body} required />
      <BodySuggestion userId={user.id} level={level} value={body} onPick={setBody} />
      <TextField label={t('session.notes')} name="session-notes" multiline value={notes} onChange={setNotes} error={errors.notes} />
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary">{t('session.save')}</button>
      </div>
    </form>
  );
}
