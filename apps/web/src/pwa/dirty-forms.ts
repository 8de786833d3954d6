import { useEffect } from 'react';

/**
 * Forms with unsaved input register here. The service-worker update and logout consult it, so a new app
 * version never reloads the page under a half-filled form.
 */
const dirty = new Set<string>();
/** Dirty forms whose input is also kept as a draft: leaving them loses nothing. */
const drafted = new Set<string>();
const listeners = new Set<() => void>();

export function setFormDirty(formId: string, isDirty: boolean, options: { draftSaved?: boolean } = {}): void {
  const had = dirty.has(formId);
  if (isDirty) dirty.add(formId);
  else dirty.delete(formId);
  if (isDirty && options.draftSaved) drafted.add(formId);
  else drafted.delete(formId);
  if (had !== isDirty) for (const l of listeners) l();
}

export function hasDirtyForms(): boolean {
  return dirty.size > 0;
}

/** Whether closing a sheet or leaving the screen now would throw away input that exists nowhere else. */
export function hasUnsavedInput(): boolean {
  return dirty.size > drafted.size;
}

export function subscribeDirtyForms(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Registers the form while `isDirty` and on unmount forgets it; also asks before closing the tab. */
export function useDirtyForm(formId: string, isDirty: boolean, options: { draftSaved?: boolean } = {}): void {
  const draftSaved = options.draftSaved ?? false;
  useEffect(() => {
    setFormDirty(formId, isDirty, { draftSaved });
    if (!isDirty) return undefined;
    const beforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [formId, isDirty, draftSaved]);
  useEffect(() => () => setFormDirty(formId, false), [formId]);
}
