import type {
  caseActions} from '@tiaojie/domain';
import {
  agreementSchema,
  boundedJsonSchema,
  failedRoutes,
  limitedText,
  requiredText,
  safeString,
  textLimits,
  idSchema,
  isoDateSchema,
  isoDateTimeSchema,
  levelSchema,
  mediatingBodySchema,
  newActivitySchema,
  newCaseSchema,
  newNilReportSchema,
  outcomeCodeSchema,
  zodIssuesToFieldIssues,
  type FieldIssue,
} from '@tiaojie/domain';
import { z } from 'zod';
import type { MutationName } from './protocol.js';

/** Paths one edit may set: more than a case can hold (every collection full, every field), so never in the way. */
export const MAX_EDIT_PATHS = 500;

/**
 * `{ path: value }`: a top-level field, or `<collection>.<itemId>` (null removes the item). Values are free JSON
 * here (bounded in depth, no NUL); the edited record's schema judges them, conflicted ones included.
 */
export const changesSchema = z
  .record(safeString().min(1).max(200), boundedJsonSchema)
  .refine((c) => Object.keys(c).length <= MAX_EDIT_PATHS, { message: 'TOO_MANY' });
/** `{ path: seq }`: the server version of each changed path this edit was made on top of. */
export const baseSchema = z
  .record(safeString().max(200), z.number().int().min(0))
  .refine((c) => Object.keys(c).length <= MAX_EDIT_PATHS, { message: 'TOO_MANY' });

export const escalatePayloadSchema = z.object({
  escalationId: idSchema,
  toLevel: levelSchema,
  reason: requiredText(textLimits.reason),
  date: isoDateSchema,
  /**
   * Made by the risk-grade time limit, not a person. Its id is the same on every device (automaticEscalationId), and
   * one arriving for a case already at or above its level changes nothing: a grid's two phones, or a phone and a
   * person acting meanwhile, never escalate twice.
   */
  automatic: z.boolean().optional(),
  at: isoDateTimeSchema.optional(),
});

export const concludePayloadSchema = z.object({
  outcome: z.object({
    code: outcomeCodeSchema,
    concludedOn: isoDateSchema,
    /** Ignored: the server records the level the case is handled at (kept optional so older phones still parse). */
    resolvedLevel: levelSchema.optional(),
    body: mediatingBodySchema,
    failedRoute: z.enum(failedRoutes.codes).optional(),
    transferredTo: limitedText(textLimits.shortText).optional(),
    notes: limitedText(textLimits.notes).default(''),
  }),
  agreement: agreementSchema.nullable().optional(),
});

const emptyPayload = z.object({}).loose();

export const transitionArgsSchema = z.discriminatedUnion('action', [
  z.object({ caseId: idSchema, action: z.literal('escalate'), payload: escalatePayloadSchema }),
  z.object({ caseId: idSchema, action: z.literal('conclude'), payload: concludePayloadSchema }),
  z.object({ caseId: idSchema, action: z.literal('startMediation'), payload: emptyPayload.default({}) }),
  z.object({ caseId: idSchema, action: z.literal('reopen'), payload: emptyPayload.default({}) }),
  z.object({ caseId: idSchema, action: z.literal('archive'), payload: emptyPayload.default({}) }),
  z.object({ caseId: idSchema, action: z.literal('delete'), payload: emptyPayload.default({}) }),
]);
export type TransitionArgs = z.infer<typeof transitionArgsSchema>;
export type EscalatePayload = z.infer<typeof escalatePayloadSchema>;
export type ConcludePayload = z.infer<typeof concludePayloadSchema>;
// Keep the union in step with the domain's list of actions.
const _allActions: Record<(typeof caseActions)[number], true> = {
  escalate: true, conclude: true, startMediation: true, reopen: true, archive: true, delete: true,
};
void _allActions;

export const mutationArgsSchemas = {
  'case.create': z.object({ case: newCaseSchema }),
  'case.edit': z.object({ caseId: idSchema, changes: changesSchema, base: baseSchema.default({}) }),
  'case.transition': transitionArgsSchema,
  'case.resolveConflict': z.object({ caseId: idSchema, conflictId: idSchema, value: boundedJsonSchema }),
  'activity.create': z.object({ activity: newActivitySchema }),
  'activity.edit': z.object({ activityId: idSchema, changes: changesSchema, base: baseSchema.default({}) }),
  'activity.delete': z.object({ activityId: idSchema }),
  'nilReport.file': z.object({ report: newNilReportSchema }),
} as const satisfies Record<MutationName, z.ZodType>;

export type MutationArgs = { [N in MutationName]: z.infer<(typeof mutationArgsSchemas)[N]> };
export type MutationArgsInput = { [N in MutationName]: z.input<(typeof mutationArgsSchemas)[N]> };
export type ParsedMutation = { [N in MutationName]: { name: N; args: MutationArgs[N] } }[MutationName];

export type ParseArgsResult =
  | { ok: true; mutation: ParsedMutation }
  | { ok: false; code: 'VALIDATION_FAILED'; message: string; issues: FieldIssue[] };

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(mutationArgsSchemas, name);
}

/** Validates one mutation's arguments; a failure is a rejection of that mutation only. */
export function parseMutationArgs(name: string, args: unknown): ParseArgsResult {
  if (!isMutationName(name)) {
    return { ok: false, code: 'VALIDATION_FAILED', message: `unknown mutation ${name}`, issues: [] };
  }
  const parsed = mutationArgsSchemas[name].safeParse(args);
  if (!parsed.success) {
    const issues = zodIssuesToFieldIssues(parsed.error);
    return { ok: false, code: 'VALIDATION_FAILED', message: `invalid ${name}: ${issues[0]?.path ?? ''} ${issues[0]?.message ?? ''}`.trim(), issues };
  }
  return { ok: true, mutation: { name, args: parsed.data } as ParsedMutation };
}
