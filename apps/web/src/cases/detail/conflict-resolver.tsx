import { useState } from 'react';
import { caseSchema, toShanghaiDate, type Conflict, type DisputeCase } from '@tiaojie/domain';
import { resolveConflictInDocument, setPath } from '@tiaojie/sync';
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
      <p>{t('conflict.explain', { count: open.length })}</p>
      {open.map((c) => (
        <ConflictRow key={c.id} item={item} conflict={c} />
      ))}
    </section>
  );
}

/**
 * Whether keeping `value` leaves a valid case: an empty required date, or a value that contradicts a field still in
 * conflict (a group of two people), cannot be kept — the button says why instead of failing after the tap.
 */
function canKeep(item: DisputeCase, conflict: Conflict, value: unknown): boolean {
  const r = resolveConflictInDocument(item, conflict.id, value, setPath);
  return r.ok && caseSchema.safeParse(r.doc).success;
}

function ConflictRow({ item, conflict }: { item: DisputeCase; conflict: Conflict }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const [failure, setFailure] = useState<string | null>(null);
  async function keep(value: unknown) {
    try {
      await store.resolveConflict(item.id, conflict.id, value);
      showToast(t('conflict.resolved'));
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    }
  }
  const option = (label: string, value: unknown, testId: string) => {
    const allowed = canKeep(item, conflict, value);
    return (
      <div>
        <p className="field__label">{label}</p>
        <p data-testid={testId}>{describeValue(value, locale)}</p>
        <button type="button" className="btn btn--block" disabled={!allowed} onClick={() => void keep(value)}>
          {t('conflict.keepThis')}
        </button>
        {allowed ? null : <p className="field__hint">{t('conflict.cannotKeep')}</p>}
      </div>
    );
  };
  return (
    <div className="party">
      <h3>{fieldLabel(conflict.path, t)}</h3>
      <div className="grid-2">
        {option(t('conflict.server'), conflict.serverValue, 'conflict-server')}
        {option(t('conflict.client', { date: toShanghaiDate(Date.parse(conflict.detectedAt)) }), conflict.clientValue, 'conflict-client')}
      </div>
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
    </div>
  );
}
