import { Dialog } from '../components/dialog.tsx';
import { useT } from '../i18n/index.ts';
import type { AttentionItem } from '../storage/index.ts';
import { ActivityForm } from './activity-form.tsx';
import { refusedActivityDraft } from './activity-form-model.ts';

/** A refused new work-log entry filled in again: the form with its values; saving it lets the refusal go. */
export default function RefillActivity({ item, onClose }: { item: AttentionItem; onClose: () => void }) {
  const { t } = useT();
  const draft = refusedActivityDraft(item.held?.args);
  return (
    <Dialog title={t('log.add')} onClose={onClose}>
      {draft ? <ActivityForm refill={{ draft, mutationId: item.mutationId }} onDone={onClose} /> : <p role="alert">{t('attention.refusedInvalid')}</p>}
    </Dialog>
  );
}
