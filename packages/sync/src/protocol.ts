import { safeString } from '@tiaojie/domain';
import { z } from 'zod';
import { escalatedTraceSchema } from './trace.js';

/** Mutations per push request. */
export const MAX_PUSH_MUTATIONS = 1000;
/**
 * Bytes of a push request body, checked from Content-Length before it is read. A case at every limit (full
 * collections of the longest texts) is ~1.5 MB as JSON, so one mutation always fits; phones cut their batches
 * below this (counting 3 bytes per UTF-16 unit, the most UTF-8 takes).
 */
export const MAX_PUSH_BYTES = 5 * 1024 * 1024;
/**
 * A pull page (and a /sync/records answer) stops adding records once its documents reach this many characters
 * (it always holds at least one), so no stored data can make a page too large to build or to parse on a phone.
 */
export const PAGE_CHARS = 4 * 1024 * 1024;

/**
 * The sync protocol's version. Bump it when the wire format changes; keep MIN_SUPPORTED at the oldest
 * version the server still understands, so an outbox written by an older app keeps syncing after an update.
 */
export const PROTOCOL_VERSION = 2;
export const MIN_SUPPORTED_PROTOCOL_VERSION = 1;
// 2: lean pulls (`lean`, `stateSeq`) and /sync/records; additions only, so version 1 clients sync unchanged.

/** Read before anything else so that an old client gets "update the app", not a validation error. */
export const protocolEnvelopeSchema = z.object({ protocolVersion: z.number().int() }).loose();

export const mutationNames = [
  'case.create',
  'case.edit',
  'case.transition',
  'case.resolveConflict',
  'activity.create',
  'activity.edit',
  'activity.delete',
  'nilReport.file',
] as const;
export type MutationName = (typeof mutationNames)[number];

/**
 * One mutation as sent. `args` is validated per mutation (see parseMutationArgs), never as part of the
 * batch: one invalid mutation is rejected with its reason instead of failing the whole push.
 */
export const mutationSchema = z.object({
  /** Device-local, increasing from 1 without gaps. */
  id: z.number().int().positive(),
  name: z.string().min(1).max(64),
  args: z.unknown(),
  /** The device's clock when the user acted: recorded, never used for ordering. */
  clientTime: z.string().max(64),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = z.object({
  protocolVersion: z.number().int(),
  /** The outbox's replica id (one per local database). */
  deviceId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/),
  mutations: z.array(mutationSchema).max(MAX_PUSH_MUTATIONS),
  /**
   * The server history id this device last heard (in a push or pull answer). A restore gives the server a new
   * one: a different id means the server went back to an older point, answered with 409 SERVER_REWOUND.
   */
  historyId: z.string().max(64).optional(),
  /**
   * Answer a case.create's state as `docPatch` against the case the mutation sent rather than as the whole
   * document (the phone has it: no field comes back that it just sent). Servers before this send `doc`.
   */
  patches: z.boolean().optional(),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** Seq at which each mergeable path last changed; an edit sends the ones it saw as its base. */
export const pathVersionsSchema = z.record(z.string(), z.number().int().min(0));
export type PathVersions = z.infer<typeof pathVersionsSchema>;

/** A record as the server holds it (in a pull change, or in the push result that wrote it). */
export const recordStateSchema = z.object({
  /** The document, parsed by the receiver with the domain schema. */
  doc: z.unknown(),
  versions: pathVersionsSchema,
  /** Org path of the case's grid (cases) or the activity's node. */
  originPath: z.string(),
  /**
   * The server seq of the write that produced this state (every write to a record takes a new seq, so equal
   * seqs mean identical states). Absent from servers before it was added: then the receiver cannot skip.
   */
  seq: z.number().int().optional(),
});
export type RecordState = z.infer<typeof recordStateSchema>;

/** A document as changes to another the receiver holds: top-level fields set (new or different) and dropped. */
export const docPatchSchema = z.object({ set: z.record(z.string(), z.unknown()), unset: z.array(z.string()).optional() });
export type DocPatch = z.infer<typeof docPatchSchema>;

/**
 * `doc` as a patch of `base`: fields whose JSON differs (or that `base` lacks) are set whole, fields `doc` lacks
 * are dropped. Compared field by field through JSON, so a field that only differs in key order goes whole too.
 */
export function diffDoc(base: Record<string, unknown>, doc: Record<string, unknown>): DocPatch {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!Object.hasOwn(base, k) || JSON.stringify(base[k]) !== JSON.stringify(v)) set[k] = v;
  }
  const unset = Object.keys(base).filter((k) => !Object.hasOwn(doc, k));
  return unset.length > 0 ? { set, unset } : { set };
}

/** The document a patch stands for (a new object; `base` is not changed). */
export function applyDocPatch(base: Record<string, unknown>, patch: DocPatch): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...base, ...patch.set };
  for (const k of patch.unset ?? []) delete doc[k];
  return doc;
}

export const mutationStatuses = ['applied', 'rejected', 'conflict'] as const;
export type MutationStatus = (typeof mutationStatuses)[number];

export const mutationResultSchema = z.object({
  id: z.number().int().positive(),
  status: z.enum(mutationStatuses),
  /** For rejected: an error code (ROLE_NOT_ALLOWED, VALIDATION_FAILED, NOT_FOUND, …); for conflict: EDIT_CONFLICT. */
  code: z.string().optional(),
  message: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  /** Server sequence of the change, when something was written. */
  seq: z.number().int().optional(),
  /** Paths that conflicted. */
  conflicts: z.array(z.string()).optional(),
  /**
   * The record's state right after this mutation, while it is in the author's scope. Only in the answer that
   * applied it (a re-sent mutation's stored result has none): the device can take it as its server copy
   * instead of waiting for the pull to bring its own change back.
   */
  data: recordStateSchema.optional(),
  /** With `patches` asked for, a case.create's state: `data` with `doc: null`, and this patch of the case it sent. */
  docPatch: docPatchSchema.optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  /** Present when a mutation id was skipped: resend from `expectedId`. */
  gap: z.object({ code: z.literal('MUTATION_GAP'), expectedId: z.number().int().positive() }).optional(),
  /** The server's history id (absent from servers before it was added); send it back with the next request. */
  historyId: z.string().optional(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullRequestSchema = z.object({
  protocolVersion: z.number().int(),
  /** The last server seq this device has applied; 0 for everything. */
  cursor: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000).default(500),
  /**
   * Upserts without their data, each naming the seq of the record's current state (`stateSeq`): the device
   * asks /sync/records only for the states it does not hold (most often its own writes, already in the push
   * answers, come straight back in the pull).
   */
  lean: z.boolean().optional(),
  /**
   * The server history id this device last heard (in a push or pull answer). A restore gives the server a new
   * one: a different id means the server went back to an older point, answered with 409 SERVER_REWOUND.
   */
  historyId: z.string().max(64).optional(),
});
export type PullRequest = z.input<typeof pullRequestSchema>;

export const syncEntities = ['case', 'activity'] as const;
export type SyncEntity = (typeof syncEntities)[number];

export const changeSchema = z.object({
  entity: z.enum(syncEntities),
  id: z.string(),
  op: z.enum(['upsert', 'remove']),
  seq: z.number().int(),
  /** For upsert: the record's current state (left out of a lean pull). */
  data: recordStateSchema.optional(),
  /** Lean pull upsert: the seq of the record's current state, whose data /sync/records gives. */
  stateSeq: z.number().int().optional(),
  /**
   * A pull's remove of a case escalated out of a grid worker's grid: its read-only trace, so that every phone of
   * the grid lists it as 已上报, not only one that held the case (servers before this send none).
   */
  trace: escalatedTraceSchema.optional(),
});
export type Change = z.infer<typeof changeSchema>;

/** The current state of records by id, within the caller's scope (a 'remove' for what is not in it). */
export const recordsRequestSchema = z.object({
  protocolVersion: z.number().int(),
  cases: z.array(safeString().max(64)).max(1000).default([]),
  activities: z.array(safeString().max(64)).max(1000).default([]),
});
export type RecordsRequest = z.input<typeof recordsRequestSchema>;

export const recordsResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Some ids were left out to keep the answer under PAGE_CHARS: ask again for those not answered. */
  truncated: z.boolean().optional(),
});
export type RecordsResponse = z.infer<typeof recordsResponseSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
  /** As in the push answer. */
  historyId: z.string().optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
