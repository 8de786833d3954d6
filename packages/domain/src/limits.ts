import { z } from 'zod';

/**
 * Size limits shared by the phone and the server: every text field, collection and free JSON value has a
 * maximum, so that nothing one client stores can make a read (a pull page, an export) too large to build.
 * Lengths count UTF-16 units (what zod and an input's maxLength count); one Chinese character is one unit.
 */
export const textLimits = {
  /** 案情 (facts). */
  facts: 5000,
  /** Names of people: parties, mediators, visitors. */
  name: 50,
  /** Short labels: sub-type, case number, the body a case was transferred to. */
  shortText: 100,
  caseNo: 40,
  subType: 50,
  address: 200,
  /** Activity title and location. */
  title: 200,
  location: 200,
  /** Notes of a session, a follow-up, an outcome or an activity. */
  notes: 4000,
  /** Content of an agreement (an oral agreement is recorded here). */
  agreementContent: 4000,
  /** Names of the investigators, or of the persons questioned, in one investigation (调查记录). */
  people: 200,
  /** Reason of an escalation. */
  reason: 1000,
  username: 64,
  password: 200,
} as const;

/** Items per case collection (and conflicts kept per case, resolved ones included). */
export const collectionLimits = {
  parties: 50,
  sessions: 100,
  /** Investigations (调查记录) of one case. */
  investigations: 50,
  followUps: 50,
  photos: 50,
  escalations: 10,
  /** Grade changes, each with its reason (the case's history keeps every one). */
  riskChanges: 50,
  /** Signatures on the agreement and session records (each party and the mediator, per document). */
  signatures: 200,
  conflicts: 100,
} as const;

/** Nesting depth of a free JSON value (conflict values, edited values): a case item is 3 deep. */
export const MAX_JSON_DEPTH = 16;

/** The NUL character: PostgreSQL text cannot hold it, and no field of a record has any use for it. */
export const NUL_CHAR = 'NUL_CHAR';

export function hasNul(s: string): boolean {
  return s.includes('\u0000');
}

/** For a refinement of a string schema built elsewhere (route parameters): true when it holds no NUL. */
export const noNul = (s: string): boolean => !hasNul(s);

/** A string refused when it holds a NUL (shared by every string schema of the record and the protocol). */
export const safeString = () => z.string().refine((s) => !hasNul(s), { message: NUL_CHAR, abort: true });

/** Text of at most `max` units, no NUL. */
export const limitedText = (max: number) => safeString().max(max, { message: 'TOO_LONG' });

/** Required text: trimmed, not empty, at most `max` units, no NUL. */
export const requiredText = (max: number) =>
  z
    .string()
    .refine((s) => !hasNul(s), { message: NUL_CHAR, abort: true })
    .trim()
    .min(1, { message: 'REQUIRED' })
    .max(max, { message: 'TOO_LONG' });

/**
 * Depth of a JSON value (a scalar is 0), walked without recursion so that a value nested thousands deep is
 * measured, not a stack overflow; stops counting once beyond `limit`.
 */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const d = depth + 1;
    if (d > deepest) deepest = d;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d]);
  }
  return deepest;
}

/** True when some string (value or key) of a JSON value holds a NUL. */
export function jsonHasNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (hasNul(v)) return true;
    } else if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) stack.push(...v);
      else
        for (const [k, child] of Object.entries(v)) {
          if (hasNul(k)) return true;
          stack.push(child);
        }
    }
  }
  return false;
}

/** A free JSON value: at most MAX_JSON_DEPTH deep, no NUL in any string. */
export const boundedJsonSchema = z.unknown().superRefine((v, ctx) => {
  if (jsonDepth(v, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) ctx.addIssue({ code: 'custom', message: 'TOO_DEEP' });
  else if (jsonHasNul(v)) ctx.addIssue({ code: 'custom', message: NUL_CHAR });
});

/** A record keyed by item id holding at most `max` items. */
export const limitedRecord = <T extends z.ZodType>(item: T, max: number) =>
  z.record(safeString(), item).refine((r) => Object.keys(r).length <= max, { message: 'TOO_MANY' });

/** A username as typed at sign-in (no NUL: PostgreSQL would fail the lookup rather than find nobody). */
export const usernameSchema = safeString().trim().min(1).max(textLimits.username);
export const passwordSchema = safeString().min(1).max(textLimits.password);
