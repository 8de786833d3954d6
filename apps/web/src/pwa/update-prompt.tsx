import { useEffect, useState, useSyncExternalStore } from 'react';
import { useStoreContext } from '../app/store-context.tsx';
import { useT } from '../i18n/index.ts';
import { hasDirtyForms, subscribeDirtyForms } from './dirty-forms.ts';
import { applyUpdate, isUpdateWaiting, subscribeUpdate } from './service-worker.ts';
import { updateBlockers, type UpdateBlocker } from './update-gate.ts';

/**
 * A new app version is waiting. It is applied only when the worker taps "update" AND nothing could be lost:
 * no dirty form, nothing unsent. Otherwise the banner says what it is waiting for.
 */
export function UpdatePrompt() {
  const { t } = useT();
  const { store } = useStoreContext();
  const waiting = useSyncExternalStore(subscribeUpdate, isUpdateWaiting, () => false);
  const dirty = useSyncExternalStore(subscribeDirtyForms, hasDirtyForms, () => false);
  const unsent = useUnsentCount();
  const [blockers, setBlockers] = useState<UpdateBlocker[]>([]);
  if (!waiting) return null;

  async function tryUpdate() {
    const unsyncedNow = (await store.hasUnsynced()) ? Math.max(unsent, 1) : 0;
    const found = updateBlockers({ unsentCount: unsyncedNow, dirtyForms: hasDirtyForms() });
    setBlockers(found);
    if (found.length === 0) applyUpdate();
  }

  const showBlockers = blockers.length > 0 ? blockers : updateBlockers({ unsentCount: unsent, dirtyForms: dirty });
  return (
    <div className="notice notice--warn" role="status" style={{ position: 'fixed', left: 8, right: 8, top: 100, zIndex: 20 }}>
      <p>{t('update.available')}</p>
      {showBlockers.map((b) => (
        <p key={b} className="field__hint">{t(`update.blocked.${b}`)}</p>
      ))}
      <button type="button" className="btn btn--primary" disabled={showBlockers.length > 0} onClick={() => void tryUpdate()}>
        {t('update.apply')}
      </button>
    </div>
  );
}

function useUnsentCount(): number {
  const { sync } = useStoreContext();
  const [count, setCount] = useState(() => countOf(sync.getStatus()));
  useEffect(() => sync.subscribe((s) => setCount(countOf(s))), [sync]);
  return count;
}

function countOf(s: { pending: number; pendingPhotos: number }): number {
  return s.pending + s.pendingPhotos;
}
