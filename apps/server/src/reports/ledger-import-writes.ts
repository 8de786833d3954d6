import { levelRank, type Level } from '@tiaojie/domain';
import type { MutationResult } from '@tiaojie/sync';
import { issuesOfRejection, ledgerFollowUps, rejectionPrefixes, type LedgerImportPlan, type RowIssue } from './ledger-import-row.js';

/** What the import reads of a case a row may stand for. */
export interface ExistingCase {
  id: string;
  grid_id: string;
  status: string;
  handling_level: string;
  follow_up_count: number;
  deleted: number;
  doc: string;
  field_versions: string;
  concluded_on: string | null;
  outcome: string | null;
  resolved_level: string | null;
  body: string | null;
  agreement_form: string | null;
  agreement_amount: number;
  court_confirmation: string | null;
}

type Step = 'create' | 'edit' | 'reopen' | 'escalate' | 'conclude' | 'followUps';

/** The mutations one row needs, in order, and what they make of the row. */
export interface RowWrites {
  caseId: string;
  /** created: a new case; completed: an open case gets its conclusion or follow-ups; updated: a correction. */
  kind: 'created' | 'completed' | 'updated' | 'unchanged';
  mutations: { step: Step; name: 'case.create' | 'case.edit' | 'case.transition'; args: unknown }[];
}

/** Fields of the case itself a ledger row sets (parties are left as they are: the phone may hold more of them). */
const scalarFields = ['caseNo', 'type', 'source', 'risk', 'isGroup', 'peopleInvolved', 'facts', 'reportedOn', 'acceptedOn', 'preventedCriminal', 'preventedPetition'] as const;

/**
 * Plans one row's writes against the case it stands for. A case this ledger created earlier is brought to what the
 * row says: its fields edited, a missing conclusion added, a different conclusion (办结日期, 调解结果, level, body,
 * agreement) replaced by reopening and concluding again — all through the sync path as the importer, so the change
 * log, the pull and the case's history carry each correction. A case created on a phone (matched by its case
 * number) is the phone's record: it is never doubled, and never overwritten by the ledger.
 */
export function planRowWrites(plan: LedgerImportPlan, existing: ExistingCase | undefined, visitor: string): RowWrites {
  const caseId = plan.caseId;
  const mutations: RowWrites['mutations'] = [];
  if (!existing) {
    mutations.push({ step: 'create', name: 'case.create', args: plan.create });
    if (plan.conclude) mutations.push(...escalateFirst(plan, 'grid'), { step: 'conclude', name: 'case.transition', args: plan.conclude });
    const concludedOn = plan.conclude?.action === 'conclude' ? plan.conclude.payload.outcome.concludedOn : undefined;
    if (concludedOn && plan.followUps > 0) {
      mutations.push({ step: 'followUps', name: 'case.edit', args: { caseId, changes: ledgerFollowUps(0, plan.followUps, concludedOn, visitor), base: {} } });
    }
    return { caseId, kind: 'created', mutations };
  }
  if (existing.deleted || existing.id !== caseId || existing.status === 'archived') return { caseId: existing.id, kind: 'unchanged', mutations };

  let kind: RowWrites['kind'] = 'unchanged';
  const doc = JSON.parse(existing.doc) as Record<string, unknown>;
  const wanted = plan.create.case as unknown as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const f of scalarFields) {
    const value = wanted[f] ?? null;
    if (JSON.stringify(doc[f] ?? null) !== JSON.stringify(value)) changes[f] = value;
  }
  if (Object.keys(changes).length > 0) {
    mutations.push({ step: 'edit', name: 'case.edit', args: { caseId, changes, base: versionSeqs(existing.field_versions, Object.keys(changes)) } });
    kind = 'updated';
  }

  let status = existing.status;
  const conclusion = plan.conclude?.action === 'conclude' ? plan.conclude.payload : undefined;
  if (plan.conclude && conclusion && (status === 'accepted' || status === 'mediating')) {
    mutations.push(...escalateFirst(plan, existing.handling_level as Level), { step: 'conclude', name: 'case.transition', args: plan.conclude });
    status = 'concluded';
    if (kind === 'unchanged') kind = 'completed';
  } else if (plan.conclude && conclusion && status === 'concluded' && !sameConclusion(existing, conclusion)) {
    mutations.push({ step: 'reopen', name: 'case.transition', args: { caseId, action: 'reopen', payload: {} } });
    mutations.push(...escalateFirst(plan, existing.handling_level as Level), { step: 'conclude', name: 'case.transition', args: plan.conclude });
    kind = 'updated';
  }
  const followUps = Number(existing.follow_up_count);
  if (conclusion && status === 'concluded' && plan.followUps > followUps) {
    const changesF = ledgerFollowUps(followUps, plan.followUps, conclusion.outcome.concludedOn, visitor);
    mutations.push({ step: 'followUps', name: 'case.edit', args: { caseId, changes: changesF, base: {} } });
    if (kind === 'unchanged') kind = 'completed';
  }
  return { caseId, kind, mutations };
}

/**
 * A conclusion records the level the case is at (the resolved level is never a free choice), so a case the ledger
 * says was resolved higher than it now stands is escalated there first, on the conclusion's date.
 */
function escalateFirst(plan: LedgerImportPlan, atLevel: Level): RowWrites['mutations'] {
  if (plan.conclude?.action !== 'conclude') return [];
  const { resolvedLevel, concludedOn } = plan.conclude.payload.outcome;
  if (!resolvedLevel || levelRank[resolvedLevel] <= levelRank[atLevel]) return [];
  const payload = { escalationId: `ledger-${concludedOn}-${resolvedLevel}`, toLevel: resolvedLevel, reason: '台账导入：原台账记录的化解层级', date: concludedOn };
  return [{ step: 'escalate', name: 'case.transition', args: { caseId: plan.caseId, action: 'escalate', payload } }];
}

type Conclusion = { outcome: { code: string; concludedOn: string; resolvedLevel?: string | undefined; body: string }; agreement?: unknown };

function sameConclusion(c: ExistingCase, payload: Conclusion): boolean {
  const o = payload.outcome;
  const a = (payload.agreement ?? null) as { form: string; amount: number; courtConfirmation: string } | null;
  return (
    c.concluded_on === o.concludedOn &&
    c.outcome === o.code &&
    (o.resolvedLevel === undefined || c.resolved_level === o.resolvedLevel) &&
    c.body === o.body &&
    (c.agreement_form ?? null) === (a?.form ?? null) &&
    Number(c.agreement_amount ?? 0) === Number(a?.amount ?? 0) &&
    (c.court_confirmation ?? null) === (a?.courtConfirmation ?? null)
  );
}

/** The importer read the case at these versions: its edit wins unless someone changed the field since. */
function versionSeqs(fieldVersions: string, paths: string[]): Record<string, number> {
  let versions: Record<string, unknown> = {};
  try {
    versions = JSON.parse(fieldVersions) as Record<string, unknown>;
  } catch {
    // no versions: base 0
  }
  const seqOf = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'object' && v && 'seq' in v ? Number((v as { seq: unknown }).seq) : 0);
  return Object.fromEntries(paths.map((p) => [p, seqOf(versions[p])]));
}

/**
 * The row's status from its mutations' results (in order; fewer results than mutations when the batch stopped).
 * A create refused because the case exists meanwhile (a concurrent import of the same file) is "unchanged".
 */
export function rowOutcome(writes: RowWrites, results: MutationResult[]): { status: RowWrites['kind'] | 'rejected'; issues: RowIssue[] } {
  for (let i = 0; i < writes.mutations.length; i++) {
    const step = writes.mutations[i]!.step;
    const r = results[i];
    if (!r) return { status: 'rejected', issues: issuesOfRejection({ code: 'INTERNAL', message: 'not written' }) };
    if (r.status === 'applied') continue;
    if (r.status === 'conflict' && step === 'edit') continue;
    if (step === 'create') {
      if (r.code === 'VALIDATION_FAILED' && /already exists/.test(r.message ?? '') && !r.issues?.length) return { status: 'unchanged', issues: [] };
      return { status: 'rejected', issues: issuesOfRejection(r) };
    }
    const prefix = step === 'followUps' ? rejectionPrefixes.followUps : step === 'edit' ? rejectionPrefixes.correction : rejectionPrefixes.conclusion;
    return { status: 'rejected', issues: issuesOfRejection(r, prefix) };
  }
  return { status: writes.kind, issues: [] };
}
