import { useEffect, useRef, useState, type FormEvent } from 'react';
import { activityKinds, newActivitySchema, type Activity } from '@tiaojie/domain';
import { useLocalStore, useStoreContext } from '../app/store-context.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { LastUsedSuggestion, readLastUsed, rememberLastUsed } from '../components/last-used.tsx';
import { showToast } from '../components/toast.tsx';
import { useFieldErrors } from '../components/use-field-errors.ts';
import { newId } from '../cases/case-form-model.ts';
import { optionsOf } from '../cases/code-options.ts';
import { errorsFromZod } from '../cases/detail/form-errors.ts';
import { today } from '../cases/deadlines.ts';
import { saveErrorText } from '../cases/save-error.ts';
import { useT } from '../i18n/index.ts';
import { useDirtyForm } from '../pwa/dirty-forms.ts';
import { activityChanges, activityDraftOf, activityInputOf, emptyActivityDraft, findsDisputes, type ActivityDraft } from './activity-form-model.ts';
import { RoundPreventionFields } from './round-prevention-fields.tsx';

/** The participant label follows the kind: trainees, attendees, audience, consultations (人次). */
const participantsKey: Record<string, string> = {
  screening: 'log.participants.screening',
  meeting: 'log.participants.meeting',
  training: 'log.participants.training',
  publicity: 'log.participants.publicity',
  consultation: 'log.participants.consultation',
};

/**
 * A new work-log entry, or with `activity` that entry prefilled, to correct or delete. With `refill`, the form filled
 * in from a refused change (a new entry's values, or a correction laid over `activity`), and the attention item that
 * goes when this is saved.
 */
export function ActivityForm({ activity, refill, onDone }: { activity?: Activity | undefined; refill?: { draft: ActivityDraft; mutationId: number }; onDone: () => void }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const { user } = useStoreContext();
  const [initial] = useState<ActivityDraft>(() => (activity ? activityDraftOf(activity) : (refill?.draft ?? emptyActivityDraft(today()))));
  const [draft, setDraft] = useState(() => refill?.draft ?? initial);
  const { errors, setErrors, clearError } = useFieldErrors();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Bumped by a refused save: the first field in error then gets focus, scrolled into view inside the sheet.
  const [refusals, setRefusals] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (refusals > 0) focusFirstInvalid(form.current);
  }, [refusals]);
  const [lastKind] = useState(() => readLastUsed(user.id, 'activityKind'));
  const dirty = activity ? JSON.stringify(draft) !== JSON.stringify(initial) : draft.title.trim() !== '' || draft.notes.trim() !== '';
  useDirtyForm(activity ? `activity-${activity.id}` : 'activity-form', dirty);
  const set = (k: Exclude<keyof ActivityDraft, 'prevention'>) => (v: string) => {
    clearError(k);
    setDraft((d) => ({ ...d, [k]: v }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = newActivitySchema.safeParse({ id: activity?.id ?? newId(), nodeId: activity?.nodeId ?? user.nodeId, ...activityInputOf(draft) });
    if (!parsed.success) {
      // Depth 3: a prevention outcome's error sits at its 件 or 人数 input (prevention.petition.people).
      setErrors(errorsFromZod(parsed.error, locale, 3));
      setRefusals((n) => n + 1);
      return;
    }
    setErrors({});
    const changes = activity ? activityChanges(activity, parsed.data) : null;
    if (activity && changes && Object.keys(changes).length === 0) {
      showToast(t('common.noChanges'));
      return onDone();
    }
    await run(async () => {
      const replacing = refill ? { replacing: refill.mutationId } : undefined;
      if (activity && changes) await store.editActivity(activity.id, changes, replacing);
      else await store.createActivity(parsed.data, replacing);
      rememberLastUsed(user.id, 'activityKind', parsed.data.kind);
      showToast(t('case.savedLocally'));
    });
  }

  async function remove() {
    if (!activity || !window.confirm(t('log.deleteConfirm', { title: activity.title }))) return;
    await run(async () => {
      await store.deleteActivity(activity.id);
      showToast(t('log.deleted'));
    });
  }

  /** One local write; on failure the sheet stays open with everything typed and says why. */
  async function run(write: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    try {
      await write();
      onDone();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <SelectField label={t('log.kind')} name="kind" value={draft.kind} placeholder={t('common.choose')} options={optionsOf(activityKinds, locale)} onChange={set('kind')} error={errors.kind} required />
      <LastUsedSuggestion last={lastKind} value={draft.kind} options={optionsOf(activityKinds, locale)} onPick={set('kind')} label={(choice) => t('common.lastUsed', { choice })} />
      <TextField label={t('log.date')} type="date" value={draft.date} onChange={set('date')} error={errors.date} required />
      <TextField label={t('log.titleField')} name="title" value={draft.title} onChange={set('title')} error={errors.title} required />
      <TextField label={t('log.location')} value={draft.location} onChange={set('location')} error={errors.location} />
      <TextField label={t(participantsKey[draft.kind] ?? 'log.participants.meeting')} name="participants" type="number" inputMode="numeric" value={draft.participants} onChange={set('participants')} error={errors.participants} />
      {findsDisputes(draft.kind) ? (
        <TextField label={t('log.disputesFound')} type="number" inputMode="numeric" value={draft.disputesFound} onChange={set('disputesFound')} error={errors.disputesFound} />
      ) : null}
      {draft.kind === 'screening' ? (
        <RoundPreventionFields
          value={draft.prevention}
          errors={errors}
          onChange={(prevention, field) => {
            for (const key of ['prevention', field, field.split('.').slice(0, 2).join('.')]) clearError(key);
            setDraft((d) => ({ ...d, prevention }));
          }}
        />
      ) : null}
      <TextField label={t('log.notes')} multiline value={draft.notes} onChange={set('notes')} error={errors.notes} />
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={busy}>{t('common.save')}</button>
      </div>
      {activity ? (
        <button type="button" className="btn btn--danger btn--block form-delete" disabled={busy} onClick={() => void remove()}>
          {t('log.delete')}
        </button>
      ) : null}
    </form>
  );
}

/** Focus the first input marked invalid (document order = the order on screen) and bring its label and message into view. */
function focusFirstInvalid(root: HTMLElement | null) {
  const first = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!first) return;
  first.focus({ preventScroll: true });
  (first.closest('.field') ?? first).scrollIntoView?.({ block: 'center' });
}
