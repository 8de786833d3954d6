import { hasDirtyForms } from './dirty-forms.ts';

/**
 * Decides whether a waiting service worker may take over now. Reloading is safe only when nothing the user
 * typed could be lost: no dirty form and an empty outbox (an outbox written by this version is still synced by
 * the next one, but we do not bet a half-sent queue on it).
 */
export interface UpdateGateInput {
  unsentCount: number;
  dirtyForms: boolean;
}

export type UpdateBlocker = 'unsent' | 'dirty-form';

export function updateBlockers(input: UpdateGateInput): UpdateBlocker[] {
  const blockers: UpdateBlocker[] = [];
  if (input.unsentCount > 0) blockers.push('unsent');
  if (input.dirtyForms) blockers.push('dirty-form');
  return blockers;
}

export function currentUpdateBlockers(unsentCount: number): UpdateBlocker[] {
  return updateBlockers({ unsentCount, dirtyForms: hasDirtyForms() });
}
