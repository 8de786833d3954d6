import { useEffect } from 'react';

/**
 * Forms with unsaved input register here. The service-worker update and logout consult it, so a new app
 * version never reloads the page under a half-filled form.
 */
const dirty = new Set<string>();
const listeners = new Set<() => void>();

export function setFormDirty(formId: string, isDirty: boolean): void {
  const had = dirty.has(formId);
  if (isDirty) dirty.add(formId);
  else dirty.delete(formId);
  if (had !== isDirty) for (const l of listeners) l();
}

export function hasDirtyForms(): boolean {
  return dirty.size > 0;
}

export function subscribeDirtyForms(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Registers the form while `isDirty` and on unmount forgets it; also asks before closing the tab. */
export function useDirtyForm(formId: string, isDirty: boolean): void {
  useEffect(() => {
    setFormDirty(formId, isDirty);
    if (!isDirty) return undefined;
    const beforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [formId, isDirty]);
  useEffect(() => () => setFormDirty(formId, false), [formId]);
}
