import { useState } from 'react';
import type { Conflict, DisputeCase } from '@tiaojie/domain';
import { useLocalStore } from '../../app/store-context.tsx';
import { showToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/index.ts';
import { saveErrorText } from '../save-error.ts';
import { describeValue, fieldLabel } from './field-labels.ts';

/**
 * Two devices changed the same field from the same base. Both values are shown side by side and the worker
 * keeps one; nothing is merged silently.
 */
export function ConflictResolver({ item }: { item: DisputeCase }) {
  const { t } = useT();
  const open = Object.values(item.conflicts).filter((c) => !c.resolved);
  if (open.length === 0) return null;
  return (
    <section className="card conflict" aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">{t('conflict.title')}</h2>
      <p>{t('conflict.explain')}</p>
      {open.map((c) => (
        <ConflictRow key={c.id} caseId={item.id} conflict={c} />
      ))}
    </section>
  );
}

function ConflictRow({ caseId, conflict }: { caseId: string; conflict: Conflict }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const [failure, setFailure] = useState<string | null>(null);
  async function keep(value: unknown) {
    try {
      await store.resolveConflict(caseId, conflict.id, value);
      showToast(t('conflict.resolved'));
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  }
  return (
    <div className="party">
      <h3>{fieldLabel(conflict.path, t)}</h3>
      <div className="grid-2">
        <div>
          <p className="field__label">{t('conflict.server')}</p>
          <p data-testid="conflict-server">{describeValue(conflict.serverValue, locale)}</p>
          <button type="button" className="btn btn--block" onClick={() => void keep(conflict.serverValue)}>
            {t('conflict.keepThis')}
          </button>
        </div>
        <div>
          <p className="field__label">{t('conflict.client')}</p>
          <p data-testid="conflict-client">{describeValue(conflict.clientValue, locale)}</p>
          <button type="button" className="btn btn--block" onClick={() => void keep(conflict.clientValue)}>
            {t('conflict.keepThis')}
          </button>
        </div>
      </div>
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
    </div>
  );
}
