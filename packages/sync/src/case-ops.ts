import {
  caseFieldsSchema,
  caseSchema,
  checkTransition,
  collectionLimits,
  followUpSchema,
  mediationSessionSchema,
  investigationSchema,
  partySchema,
  photoRefSchema,
  levelRank,
  pathToIds,
  zodIssuesToFieldIssues,
  type DisputeCase,
  type FieldIssue,
  type Level,
  type NewCase,
  type Role,
  type newCaseSchema,
} from '@tiaojie/domain';
import type { z } from 'zod';
import type { TransitionArgs } from './mutations.js';
import { getPath, jsonEqual, type Doc } from './paths.js';

type ParsedNewCase = ReturnType<typeof newCaseSchema.parse>;

/** The document of a freshly opened case: accepted, handled by its grid. */
export function createCaseDocument(input: ParsedNewCase | NewCase, meta: { createdBy: string; createdAt: string }): Doc {
  const signatures = input.signatures && Object.values(input.signatures).some((g) => g.signer === 'party' && g.signerName !== undefined)
    ? conflictValueWithoutNames('signatures', input.signatures)
    : input.signatures;
  // The same object as Object.assign({}, input, { …the fields below }) — same keys in the same order — built key by
  // key: the server runs this once per pushed case.create, and V8 left Object.assign's ~30-property result in
  // dictionary mode, slow for everything that reads, copies and serialises it afterwards (storing the case,
  // disclosing it in the answer): ~8% of the push path's CPU, measured on Node 20. (A spread was slower still.)
  const doc: Doc = {};
  for (const key of Object.keys(input)) doc[key] = (input as Record<string, unknown>)[key];
  if (signatures) doc.signatures = signatures;
  doc.createdBy = meta.createdBy;
  doc.createdAt = meta.createdAt;
  doc.status = 'accepted';
  doc.handlingNodeId = input.gridId;
  doc.handlingLevel = 'grid';
  doc.escalations = {};
  doc.outcome = null;
  doc.conflicts = {};
  return doc;
}

export type CaseCheck = { ok: true; case: DisputeCase } | { ok: false; code: 'VALIDATION_FAILED'; message: string; issues: FieldIssue[] };

/**
 * Parses a document with the domain's case schema: what would be stored must be a valid case. A party's name sent
 * with their signature is dropped (see `withoutPartySignerNames`).
 */
export function checkCaseDocument(doc: Doc): CaseCheck {
  const parsed = caseSchema.safeParse(doc);
  if (parsed.success) return { ok: true, case: withoutPartySignerNames(parsed.data) };
  const issues = zodIssuesToFieldIssues(parsed.error);
  return { ok: false, code: 'VALIDATION_FAILED', message: `invalid case: ${issues[0]?.path ?? ''} ${issues[0]?.message ?? ''}`.trim(), issues };
}

/**
 * The clear case document must not copy a party's name (it lives only in the party's encrypted personal part): a
 * party's signature keeps no signer name, in the case and in a conflict's kept values. Changes the parsed case
 * in place (zod's output is a fresh object) and returns it.
 */
export function withoutPartySignerNames(c: DisputeCase): DisputeCase {
  for (const g of Object.values(c.signatures)) if (g.signer === 'party') delete g.signerName;
  for (const conflict of Object.values(c.conflicts)) {
    conflict.serverValue = conflictValueWithoutNames(conflict.path, conflict.serverValue);
    conflict.clientValue = conflictValueWithoutNames(conflict.path, conflict.clientValue);
  }
  return c;
}

/** A value kept by a conflict at 'signatures' (a record of signatures) or 'signatures.<id>' (one), without party names. */
export function conflictValueWithoutNames<T>(path: string, value: T): T {
  if (path !== 'signatures' && !path.startsWith('signatures.')) return value;
  const strip = (v: unknown): unknown => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    if (o.signer === 'party' && 'signerName' in o) {
      const { signerName: _dropped, ...rest } = o;
      return rest;
    }
    if ('signer' in o) return o;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, strip(x)]));
  };
  return strip(value) as T;
}

/** Ancestor node ids by level, counted up from the grid (the last id of its path). */
export function nodeIdAtLevel(gridPath: string, level: Level): string | undefined {
  const ids = pathToIds(gridPath);
  return ids[ids.length - 1 - levelRank[level]];
}

export interface TransitionContext {
  role: Role;
  userId: string;
  /** For escalate: the node that receives the case (ancestor of the case's grid at the target level). */
  receivingNodeId?: string | undefined;
}

export type TransitionOutcome =
  | {
      ok: true;
      doc: Doc;
      deleted: boolean;
      /** Editable paths the action also set (conclude may set the agreement). */
      setPaths: Record<string, unknown>;
      /** Nothing to do (an automatic escalation already made, or overtaken): the case stays as it is. */
      unchanged?: boolean;
    }
  | { ok: false; code: 'ILLEGAL_TRANSITION' | 'ROLE_NOT_ALLOWED' | 'VALIDATION_FAILED'; message: string };

/** Applies a lifecycle action after `checkTransition` allowed it. Pure: the server and the phone share it. */
export function applyTransition(current: DisputeCase, args: TransitionArgs, ctx: TransitionContext): TransitionOutcome {
  if (isSettledAutomaticEscalation(current, args)) return { ok: true, doc: current, deleted: false, setPaths: {}, unchanged: true };
  const toLevel = args.action === 'escalate' ? args.payload.toLevel : undefined;
  const allowed = checkTransition(args.action, {
    status: current.status,
    handlingLevel: current.handlingLevel,
    role: ctx.role,
    ...(toLevel ? { toLevel } : {}),
  });
  if (!allowed.ok) return { ok: false, code: allowed.code, message: allowed.message };
  const doc: Doc = { ...current };
  const setPaths: Record<string, unknown> = {};
  switch (args.action) {
    case 'escalate': {
      if (!ctx.receivingNodeId) return { ok: false, code: 'VALIDATION_FAILED', message: `no ${args.payload.toLevel} node above this case's grid` };
      doc.escalations = {
        ...current.escalations,
        [args.payload.escalationId]: {
          id: args.payload.escalationId,
          fromLevel: current.handlingLevel,
          toLevel: args.payload.toLevel,
          toNodeId: ctx.receivingNodeId,
          date: args.payload.date,
          reason: args.payload.reason,
          byUserId: ctx.userId,
          ...(args.payload.automatic ? { automatic: true } : {}),
          ...(args.payload.at ? { at: args.payload.at } : {}),
        },
      };
      doc.handlingLevel = args.payload.toLevel;
      doc.handlingNodeId = ctx.receivingNodeId;
      break;
    }
    case 'conclude': {
      const o = args.payload.outcome;
      // The resolved level is a fact of the record, not a choice: the level the case is handled at when it is
      // concluded (escalations are how it gets higher). A client's value is overridden rather than refused, so a
      // phone of an older version that still sends one does not lose the conclusion; its value is never counted.
      doc.outcome = { ...o, resolvedLevel: current.handlingLevel };
      if (args.payload.agreement !== undefined) {
        doc.agreement = args.payload.agreement;
        setPaths.agreement = args.payload.agreement;
      }
      break;
    }
    case 'reopen':
      doc.outcome = null;
      break;
    default:
      break;
  }
  if (allowed.to !== 'deleted') doc.status = allowed.to;
  return { ok: true, doc, deleted: allowed.to === 'deleted', setPaths };
}

export type ResolveOutcome =
  | { ok: true; doc: Doc; path: string; unchanged?: true }
  | { ok: false; code: 'NOT_FOUND' | 'CONFLICT_RESOLVED_ELSEWHERE'; message: string };

/** Keeps `value` for the conflicted path and marks the conflict resolved. */
export function resolveConflictInDocument(current: DisputeCase, conflictId: string, value: unknown, setPath: (d: Doc, p: string, v: unknown) => Doc): ResolveOutcome {
  const conflict = current.conflicts[conflictId];
  if (!conflict) return { ok: false, code: 'NOT_FOUND', message: `no conflict ${conflictId}` };
  if (conflict.resolved) {
    // Resolved on another device first: the same choice is simply done; a different one must not silently win.
    if (jsonEqual(getPath(current, conflict.path), value)) return { ok: true, doc: current, path: conflict.path, unchanged: true };
    return { ok: false, code: 'CONFLICT_RESOLVED_ELSEWHERE', message: `conflict ${conflictId} was already resolved on another device` };
  }
  const doc = setPath({ ...current }, conflict.path, value);
  doc.conflicts = { ...current.conflicts, [conflictId]: { ...conflict, resolved: true } };
  return { ok: true, doc, path: conflict.path };
}

export function hasOpenConflict(c: Pick<DisputeCase, 'conflicts'>): boolean {
  return Object.values(c.conflicts).some((x) => !x.resolved);
}

const collectionItemSchemas = { parties: partySchema, sessions: mediationSessionSchema, investigations: investigationSchema, followUps: followUpSchema, photos: photoRefSchema } as const;

/**
 * Issues of a value for one editable path of a case, judged as that field alone (a conflict keeps the value it
 * lost with, and that value is what a person may later choose: it must be one the field can hold).
 * Null clears a field or removes an item.
 */
export function checkCasePathValue(path: string, value: unknown): FieldIssue[] {
  const dot = path.indexOf('.');
  const field = dot < 0 ? path : path.slice(0, dot);
  let parsed;
  if (dot >= 0) {
    const schema = (collectionItemSchemas as Record<string, z.ZodType | undefined>)[field];
    if (!schema) return [{ path, code: 'invalid_key', message: `${field} is not a collection` }];
    if (value === null) return [];
    parsed = schema.safeParse(value);
  } else {
    const schema = (caseFieldsSchema.shape as Record<string, z.ZodType | undefined>)[field];
    if (!schema) return [{ path, code: 'invalid_key', message: `${field} is not a field` }];
    parsed = schema.safeParse(value === null && field !== 'agreement' ? undefined : value);
  }
  if (parsed.success) return [];
  return zodIssuesToFieldIssues(parsed.error).map((i) => ({ ...i, path: i.path === '(root)' ? path : `${path}.${i.path}` }));
}

/**
 * Adds new conflicts to a case's list, keeping it within collectionLimits.conflicts: the oldest resolved ones
 * (history only) make room; null when the open ones alone would exceed it.
 */
export function addConflicts<C extends { resolved: boolean; detectedAt: string }>(existing: Record<string, C>, added: Record<string, C>): Record<string, C> | null {
  const all = { ...existing, ...added };
  let excess = Object.keys(all).length - collectionLimits.conflicts;
  if (excess <= 0) return all;
  const resolved = Object.entries(existing)
    .filter(([, c]) => c.resolved)
    .sort(([, a], [, b]) => a.detectedAt.localeCompare(b.detectedAt));
  for (const [id] of resolved) {
    if (excess <= 0) break;
    delete all[id];
    excess--;
  }
  return excess <= 0 ? all : null;
}

/**
 * An automatic escalation that has nothing left to do: made already (same id), or the case is already handled at
 * or above its level, or no longer open. Such an escalation is accepted as it is, so retries and a grid's two
 * phones noticing the same passed limit never escalate twice nor bother anyone with a refusal.
 */
export function isSettledAutomaticEscalation(current: DisputeCase, args: TransitionArgs): boolean {
  if (args.action !== 'escalate' || !args.payload.automatic) return false;
  if (Object.hasOwn(current.escalations, args.payload.escalationId)) return true;
  if (current.status !== 'accepted' && current.status !== 'mediating') return true;
  return levelRank[current.handlingLevel] >= levelRank[args.payload.toLevel];
}
