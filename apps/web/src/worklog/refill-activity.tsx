import { useObserved } from '../app/store-context.tsx';
import { Dialog } from '../components/dialog.tsx';
import { useT } from '../i18n/index.ts';
import type { AttentionItem } from '../storage/index.ts';
import { ActivityForm } from './activity-form.tsx';
import { refusedActivityChange, refusedEditDraft } from './activity-form-model.ts';

/**
 * A refused work-log change filled in again: a new entry's form with its values, or the entry's form with the refused
 * correction laid over it. Saving lets the refusal go.
 */
export default function RefillActivity({ item, onClose }: { item: AttentionItem; onClose: () => void }) {
  const { t } = useT();
  const change = refusedActivityChange(item.name, item.held?.args);
  const editedId = change?.kind === 'edit' ? change.activityId : null;
  const saved = useObserved((s) => (editedId ? s.getActivity(editedId) : Promise.resolve(null)), [editedId]);
  if (change?.kind === 'create') {
    return (
      <Dialog title={t('log.add')} onClose={onClose}>
        <ActivityForm refill={{ draft: change.draft, mutationId: item.mutationId }} onDone={onClose} />
      </Dialog>
    );
  }
  if (saved === undefined && change) return null;
  const draft = change && saved ? refusedEditDraft(saved, change.changes) : null;
  return (
    <Dialog title={t('log.edit')} onClose={onClose}>
      {saved && draft ? (
        <ActivityForm activity={saved} refill={{ draft, mutationId: item.mutationId }} onDone={onClose} />
      ) : (
        <p role="alert">{t('attention.refillGone')}</p>
      )}
    </Dialog>
  );
}
