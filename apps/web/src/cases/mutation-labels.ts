import type { MutationName } from '@tiaojie/sync';

const keys: Record<MutationName, string> = {
  'case.create': 'createCase',
  'case.edit': 'editCase',
  'case.transition': 'transitionCase',
  'case.resolveConflict': 'resolveConflict',
  'activity.create': 'createActivity',
  'activity.edit': 'editActivity',
  'activity.delete': 'deleteActivity',
  'nilReport.file': 'fileNilReport',
};

/** The i18n key naming a kind of change in "needs attention" notices (never the raw mutation name). */
export function mutationLabelKey(name: string): string {
  return `mutation.${Object.hasOwn(keys, name) ? keys[name as MutationName] : 'other'}`;
}
