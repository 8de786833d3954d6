import { useState, type FormEvent } from 'react';
import { isAboveLevel, issueMessage, levels, messageFor, roleLevel, textLimits, type DisputeCase, type Level } from '@tiaojie/domain';
import { navigate } from '../../app/router.ts';
import { useStoreContext } from '../../app/store-context.tsx';
import { ChoiceChips, TextField } from '../../components/fields.tsx';
import { showToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/index.ts';
import { setFormDirty, useDirtyForm } from '../../pwa/dirty-forms.ts';
import { saveErrorText } from '../save-error.ts';
import { unitAtLevel } from '../escalated-trace.tsx';
import { levelsAbove } from './escalation-target.ts';

/** Hands the case to the community or sub-district with a reason; the storage layer picks the target node. */
export function EscalateForm({ item, onDone }: { item: DisputeCase; onDone: () => void }) {
  const { t, locale } = useT();
  const { store, user } = useStoreContext();
  const choices = levelsAbove(item.handlingLevel).filter((l) => l !== 'district');
  const [toLevel, setToLevel] = useState<string>(choices[0] ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const formId = `escalate-${item.id}`;
  useDirtyForm(formId, reason.trim() !== '');
  // Said before the user confirms: above their own level the case will leave their lists at the next sync.
  const leaves = toLevel !== '' && isAboveLevel(toLevel as Level, roleLevel(user.role));
  const unit = toLevel ? unitAtLevel(user, toLevel as Level, locale) : '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!toLevel) problems.toLevel = messageFor('REQUIRED', locale);
    if (!reason.trim()) problems.reason = messageFor('REQUIRED', locale);
    else if (reason.trim().length > textLimits.reason) problems.reason = issueMessage({ code: 'TOO_LONG', max: textLimits.reason }, locale);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    try {
      await store.escalate(item.id, { toLevel: toLevel as Level, reason: reason.trim() });
      setFormDirty(formId, false);
      // Escalated beyond this user's scope, the case leaves the phone's lists: say where it went instead of
      // leaving the user on a page that can no longer show it.
      const stillHere = await store.getCase(item.id);
      showToast(leaves || !stillHere ? t('escalate.handedOver', { level: unit }) : t('case.savedLocally'));
      onDone();
      if (!stillHere) navigate({ name: 'home' });
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ChoiceChips
        legend={t('escalate.toLevel')}
        name="toLevel"
        value={toLevel}
        options={choices.map((l) => ({ value: l, label: levels.label(l, locale) }))}
        onChange={setToLevel}
        error={errors.toLevel}
      />
      {leaves ? (
        <p className="notice notice--info" data-testid="escalate-will-leave">
          {t('escalated.willLeave', { unit })}
        </p>
      ) : null}
      <TextField label={t('escalate.reason')} name="reason" multiline required value={reason} onChange={setReason} error={errors.reason} />
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
      <div className="btn-row">
        <button type="button" className="btn" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary">{t('escalate.save')}</button>
      </div>
    </form>
  );
}
