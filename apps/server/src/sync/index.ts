export { applyMutation, applyMutations, applyMutationOrThrow, type BatchOutcome, type ApplyResult, type MutationToApply } from './apply-mutation.js';
export { pullChanges } from './pull.js';
export { takeNextSeq } from './sequence.js';
export { createSyncRoutes } from './routes.js';
