import {
  riskGradeSince,
  maskPhone,
  phoneKey,
  addDays,
  activitySchema,
  caseSchema,
  followUpDueOn,
  followUpInputOf,
  isCaseFileComplete,
  isCaseOpen,
  mediationDeadline,
  toShanghaiDate,
  type Activity,
  type DisputeCase,
  type Role,
} from '@tiaojie/domain';
import {
  applyTransition,
  createCaseDocument,
  nodeIdAtLevel,
  parseMutationArgs,
  resolveConflictInDocument,
  setPath,
  setPaths,
  type Doc,
} from '@tiaojie/sync';
import type { CaseRowRecord } from './local-db.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import type { CaseSummary } from './types.ts';

export interface Actor {
  userId: string;
  role: Role;
}

/**
 * Applies one pending mutation to the local copy of a case, the way the server will (without the merge:
 * locally the device's own latest value wins; the server decides conflicts). Returns the doc unchanged
 * when the action does not apply, e.g. a create whose case the server already sent.
 */
export function applyEntryToCase(doc: Doc | null, entry: OutboxEntry, actor: Actor, originPath: string | null): Doc | null {
  const parsed = parseMutationArgs(entry.name, entry.args);
  if (!parsed.ok) return doc;
  const m = parsed.mutation;
  switch (m.name) {
    case 'case.create':
      return doc ?? createCaseDocument(m.args.case, { createdBy: actor.userId, createdAt: entry.clientTime });
    case 'case.edit': {
      if (!doc) return doc;
      return setPaths(doc, m.args.changes);
    }
    case 'case.transition': {
      const current = doc && caseSchema.safeParse(doc);
      if (!current?.success) return doc;
      const receivingNodeId =
        m.args.action === 'escalate' ? ((originPath && nodeIdAtLevel(originPath, m.args.payload.toLevel)) ?? `${m.args.payload.toLevel}?`) : undefined;
      const r = applyTransition(current.data, m.args, { role: actor.role, userId: actor.userId, receivingNodeId });
      if (!r.ok) return doc;
      return r.deleted ? null : r.doc;
    }
    case 'case.resolveConflict': {
      const current = doc && caseSchema.safeParse(doc);
      if (!current?.success) return doc;
      const r = resolveConflictInDocument(current.data, m.args.conflictId, m.args.value, setPath);
      return r.ok ? r.doc : doc;
    }
    default:
      return doc;
  }
}

export function applyEntryToActivity(doc: Doc | null, entry: OutboxEntry, actor: Actor): Doc | null {
  const parsed = parseMutationArgs(entry.name, entry.args);
  if (!parsed.ok) return doc;
  const m = parsed.mutation;
  switch (m.name) {
    case 'activity.create':
      return doc ?? { ...m.args.activity, createdBy: actor.userId, createdAt: entry.clientTime };
    case 'activity.edit': {
      if (!doc) return doc;
      return setPaths(doc, m.args.changes);
    }
    case 'activity.delete':
      return null;
    default:
      return doc;
  }
}

/** Parses a stored case document; anything read from IndexedDB goes through the shared schema. */
export function readCase(doc: unknown): DisputeCase | null {
  const parsed = caseSchema.safeParse(doc);
  if (parsed.success) return parsed.data;
  // A case stored before a size limit existed is still shown (as the server sends it); saving a change to it
  // parses strictly, so the form then asks for the over-long field to be shortened.
  return parsed.error.issues.every((i) => sizeLimitCodes.has(i.message)) ? (doc as DisputeCase) : null;
}

const sizeLimitCodes = new Set(['TOO_LONG', 'TOO_MANY', 'TOO_DEEP', 'NUL_CHAR']);

export function readActivity(doc: unknown): Activity | null {
  const parsed = activitySchema.safeParse(doc);
  return parsed.success ? parsed.data : null;
}

export function todayIn(now: Date): string {
  return toShanghaiDate(now);
}

/**
 * 人民调解法 §33: after an agreement the parties may apply for court confirmation within 30 days; while none is
 * recorded, the list reminds the worker until that day.
 */
function courtWindowOf(c: DisputeCase): { courtConfirmationBy?: string } {
  const from = c.agreement?.signedOn ?? (c.agreement ? c.outcome?.concludedOn : undefined);
  if (!from || c.agreement?.courtConfirmation !== 'none') return {};
  return { courtConfirmationBy: addDays(from, 30) };
}

/** Index entry of a withheld phone: its masked form (never equal to a digits-only key, which has no '*'). */
export function maskedPhoneKey(masked: string): string {
  return `masked:${masked}`;
}

/** The index entries a typed phone matches: its digits, and its masked form for phones the server withheld. */
export function phoneLookupKeys(typed: string): string[] {
  return [phoneKey(typed), maskedPhoneKey(maskPhone(typed))];
}

/** The indexed list row for a case. */
export function caseRowFor(c: DisputeCase, flags: { attention: boolean; today: string }): CaseRowRecord {
  const parties = Object.values(c.parties);
  // The duplicate check looks organisations up by credit code as well as by name: both go in the names index.
  const names = parties.flatMap((p) => (p.kind === 'organisation' && p.personal.creditCode ? [p.personal.name, p.personal.creditCode] : [p.personal.name]));
  const shownPhones = parties.map((p) => p.personal.phone).filter((p): p is string => !!p);
  // Indexed by digits alone, as the duplicate check asks (010-84721234 and 01084721234 are one number). A phone the
  // server withheld is indexed by its masked form: a typed number whose masked form is the same is a possible match.
  const phones = [...shownPhones.map(phoneKey), ...parties.flatMap((p) => (!p.personal.phone && p.personal.phoneMasked ? [maskedPhoneKey(p.personal.phoneMasked)] : []))];
  const deadline = mediationDeadline(c.acceptedOn);
  const open = isCaseOpen(c);
  const followUpDue = followUpDueOn(followUpInputOf(c));
  // Without "pending": that is judged when listed (from the outbox), so that a confirmed push need not rewrite the row.
  const summary: Omit<CaseSummary, 'pending'> = {
    id: c.id,
    caseNo: c.caseNo,
    provisionalNo: c.provisionalNo,
    respondentNames: parties.filter((p) => p.role === 'respondent').map((p) => p.personal.name),
    type: c.type,
    status: c.status,
    risk: c.risk,
    riskSince: riskGradeSince(c),
    facts: c.facts.length > 120 ? `${c.facts.slice(0, 120)}…` : c.facts,
    gridId: c.gridId,
    handlingLevel: c.handlingLevel,
    acceptedOn: c.acceptedOn,
    deadline,
    overdue: open && deadline < flags.today,
    partyNames: parties.filter((p) => p.role === 'applicant').map((p) => p.personal.name),
    ...courtWindowOf(c),
    fileComplete: isCaseFileComplete(c),
    hasConflict: Object.values(c.conflicts).some((x) => !x.resolved),
    needsAttention: flags.attention || Object.values(c.conflicts).some((x) => !x.resolved),
  };
  return {
    id: c.id,
    acceptedOn: c.acceptedOn,
    status: c.status,
    open: open ? 1 : 0,
    deadline,
    type: c.type,
    gridId: c.gridId,
    names,
    phones,
    // Both numbers and the short id the lists showed before numbers existed: any of them finds the case.
    text: [c.facts, c.caseNo ?? '', c.provisionalNo ?? '', c.id.replace(/-/g, '').slice(0, 8), ...names, ...shownPhones].join(' ').toLowerCase(),
    attention: summary.needsAttention ? 1 : 0,
    ...(followUpDue ? { followUpDueOn: followUpDue } : {}),
    ...(summary.courtConfirmationBy ? { courtDueOn: summary.courtConfirmationBy } : {}),
    summary,
  };
}

/** A row's summary with "overdue" judged today, not when it was written, and "pending" as the outbox says now. */
export function summaryOf(row: CaseRowRecord, today: string, pending: boolean): CaseSummary {
  const s = row.summary as Omit<CaseSummary, 'pending'>;
  return { ...s, overdue: row.open === 1 && row.deadline < today, pending };
}

/** Whether a stored list row already says what a new one would (its summary's "pending" is not stored). */
export function isSameRow(stored: CaseRowRecord | undefined, next: CaseRowRecord): boolean {
  return stored !== undefined && JSON.stringify(stored) === JSON.stringify(next);
}
