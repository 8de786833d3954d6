import { isStaffRole, levelRank, toShanghaiDate, type FieldIssue, type Level } from '@tiaojie/domain';
import { parseShortCaseNo } from '@tiaojie/report';
import type { MutationName } from '@tiaojie/sync';
import type { Store } from '../db/index.js';
import { ApiError } from '../http/api-error.js';
import type { AuthContext } from '../http/app-env.js';
import { listSubtree } from '../org/index.js';
import { applyMutation, type ApplyResult } from '../sync/index.js';
import { readLedgerFile } from './ledger-import-read.js';
import {
  duplicateIssue,
  issuesOfRejection,
  ledgerFollowUps,
  planLedgerRow,
  rejectionPrefixes,
  type GridIndex,
  type GridRef,
  type LedgerImportPlan,
  type RowIssue,
} from './ledger-import-row.js';

/**
 * created: the case is new. completed: it existed from an earlier, interrupted import and its missing
 * conclusion or follow-ups were added. unchanged: already present, nothing written. rejected: see issues.
 */
export type LedgerRowStatus = 'created' | 'completed' | 'unchanged' | 'rejected';

export interface LedgerRowResult {
  /** The row's line in the file, as the spreadsheet numbers it (the header is line 1 in the template). */
  line: number;
  caseNo: string | null;
  status: LedgerRowStatus;
  caseId: string | null;
  issues: RowIssue[];
}

export interface LedgerImportResult {
  format: 'xlsx' | 'csv';
  total: number;
  created: number;
  completed: number;
  unchanged: number;
  rejected: number;
  rows: LedgerRowResult[];
}

interface ExistingCase {
  id: string;
  grid_id: string;
  status: string;
  handling_level: string;
  follow_up_count: number;
  deleted: number;
}

/**
 * Imports a sub-district's ledger row by row through the sync mutation path (case.create, case.transition
 * conclude, case.edit follow-ups), as the importer, on a device stream of its own. A row's case id is derived
 * from its grid and case number, so a second import of the same file finds every case present and writes
 * nothing. Bad rows are reported with their line and reasons and never stop the other rows.
 */
export async function importLedger(deps: { store: Store }, auth: AuthContext, bytes: Uint8Array): Promise<LedgerImportResult> {
  const user = auth.user;
  if (!isStaffRole(user.role)) throw new ApiError(403, 'ROLE_NOT_ALLOWED', 'only staff import ledgers');
  const file = await readLedgerFile(bytes);
  if (!file.ok) {
    const issue: FieldIssue = { path: 'file', code: 'LEDGER_FILE', message: file.message };
    throw new ApiError(400, 'VALIDATION_FAILED', file.message, [issue]);
  }
  const { db } = deps.store;
  const grids = gridIndex((await listSubtree(db, user.nodePath)).filter((n) => n.kind === 'grid'));
  const today = toShanghaiDate(new Date());
  const deviceId = `ledger-import.${user.id}`;
  const importer: AuthContext = { user, tokenId: auth.tokenId, deviceId };
  const apply = (name: MutationName, args: unknown): Promise<ApplyResult> =>
    applyMutation(deps, importer, deviceId, { id: 'next', name, args, clientTime: new Date().toISOString() });

  const findExisting = async (plan: LedgerImportPlan): Promise<ExistingCase | undefined> => {
    const ids = plan.caseNo ? [plan.caseId, plan.caseNo] : [plan.caseId];
    const rows = await db.selectFrom('cases').select(['id', 'grid_id', 'status', 'handling_level', 'follow_up_count', 'deleted']).where('id', 'in', ids).execute();
    // A case number that is the id of a case this system already holds in the same grid is that case.
    const found = rows.find((r) => r.id === plan.caseId) ?? rows.find((r) => r.grid_id === plan.gridId);
    if (found || !plan.caseNo) return found;
    // So is the short form the exported ledger writes for a case without a case number ('#3f2a9c1b'), when it names
    // exactly one case of the grid.
    const short = parseShortCaseNo(plan.caseNo);
    if (!short) return undefined;
    const named = await db
      .selectFrom('cases')
      .select(['id', 'grid_id', 'status', 'handling_level', 'follow_up_count', 'deleted'])
      .where('grid_id', '=', plan.gridId)
      .where((eb) => eb.or([eb('id', 'like', `${short}%`), eb('id', 'like', `ledger-${short}%`)]))
      .limit(2)
      .execute();
    return named.length === 1 ? named[0] : undefined;
  };

  const firstLineOf = new Map<string, number>();
  const results: LedgerRowResult[] = [];
  for (const row of file.rows) {
    const caseNo = row.cells.caseNo?.trim() || null;
    const planned = planLedgerRow(row.cells, grids, today);
    if (!planned.ok) {
      results.push({ line: row.line, caseNo, status: 'rejected', caseId: null, issues: planned.issues });
      continue;
    }
    const plan = planned.plan;
    const first = firstLineOf.get(plan.caseId);
    if (first !== undefined) {
      results.push({ line: row.line, caseNo, status: 'rejected', caseId: plan.caseId, issues: [duplicateIssue(plan.caseNo ? 'caseNo' : 'facts', first)] });
      continue;
    }
    firstLineOf.set(plan.caseId, row.line);
    const outcome = await importRow(plan, await findExisting(plan), apply, user.displayName);
    if (outcome.raced && (await findExisting(plan))) {
      // Created meanwhile by a concurrent import of the same file: present, so unchanged.
      results.push({ line: row.line, caseNo, status: 'unchanged', caseId: plan.caseId, issues: [] });
      continue;
    }
    results.push({ line: row.line, caseNo, status: outcome.status, caseId: plan.caseId, issues: outcome.issues });
  }
  const count = (s: LedgerRowStatus) => results.filter((r) => r.status === s).length;
  return {
    format: file.format,
    total: results.length,
    created: count('created'),
    completed: count('completed'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    rows: results,
  };
}

type Apply = (name: MutationName, args: unknown) => Promise<ApplyResult>;

async function importRow(
  plan: LedgerImportPlan,
  existing: ExistingCase | undefined,
  apply: Apply,
  visitor: string,
): Promise<{ status: LedgerRowStatus; issues: RowIssue[]; raced?: boolean }> {
  let wrote = false;
  let status = existing?.status ?? 'accepted';
  let followUps = existing ? Number(existing.follow_up_count) : 0;
  if (existing && (existing.deleted || existing.id !== plan.caseId)) return { status: 'unchanged', issues: [] };
  if (!existing) {
    const r = await apply('case.create', plan.create);
    if (r.status !== 'applied') return { status: 'rejected', issues: issuesOfRejection(r), raced: true };
    wrote = true;
  }
  const concludedOn = plan.conclude?.action === 'conclude' ? plan.conclude.payload.outcome.concludedOn : undefined;
  const ledgerLevel = plan.conclude?.action === 'conclude' ? plan.conclude.payload.outcome.resolvedLevel : undefined;
  const atLevel = (existing?.handling_level ?? 'grid') as Level;
  if (concludedOn && ledgerLevel && levelRank[ledgerLevel] > levelRank[atLevel] && (status === 'accepted' || status === 'mediating')) {
    // A conclusion records the level the case is at, so a case the ledger says was resolved higher goes there first.
    const escalation = { escalationId: 'ledger', toLevel: ledgerLevel, reason: '台账导入:原台账记录的化解层级', date: concludedOn };
    const r = await apply('case.transition', { caseId: plan.caseId, action: 'escalate', payload: escalation });
    if (r.status !== 'applied') return { status: 'rejected', issues: issuesOfRejection(r, rejectionPrefixes.conclusion) };
    wrote = true;
  }
  if (plan.conclude && (status === 'accepted' || status === 'mediating')) {
    const r = await apply('case.transition', plan.conclude);
    if (r.status !== 'applied') return { status: 'rejected', issues: issuesOfRejection(r, rejectionPrefixes.conclusion) };
    status = 'concluded';
    wrote = true;
  }
  if (concludedOn && plan.followUps > followUps && status === 'concluded') {
    const r = await apply('case.edit', { caseId: plan.caseId, changes: ledgerFollowUps(followUps, plan.followUps, concludedOn, visitor), base: {} });
    if (r.status !== 'applied') return { status: 'rejected', issues: issuesOfRejection(r, rejectionPrefixes.followUps) };
    followUps = plan.followUps;
    wrote = true;
  }
  return { status: !wrote ? 'unchanged' : existing ? 'completed' : 'created', issues: [] };
}

function gridIndex(nodes: GridRef[]): GridIndex {
  const byId = new Map(nodes.map((n) => [n.id, { id: n.id, name: n.name }]));
  const byName = new Map<string, GridRef[]>();
  for (const n of byId.values()) byName.set(n.name, [...(byName.get(n.name) ?? []), n]);
  return { byId, byName };
}
