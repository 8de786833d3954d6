import { isStaffRole, toShanghaiDate, type FieldIssue } from '@tiaojie/domain';
import { parseShortCaseNo } from '@tiaojie/report';
import type { MutationName } from '@tiaojie/sync';
import { sql } from 'kysely';
import type { Store } from '../db/index.js';
import { ApiError } from '../http/api-error.js';
import type { AuthContext } from '../http/app-env.js';
import { listSubtree } from '../org/index.js';
import { applyMutations, type MutationToApply } from '../sync/index.js';
import { readLedgerFile, type LedgerSheetRow } from './ledger-import-read.js';
import { planLedgerRow, duplicateIssue, type GridIndex, type GridRef, type RowIssue } from './ledger-import-row.js';
import { planRowWrites, rowOutcome, type ExistingCase, type RowWrites } from './ledger-import-writes.js';
import type { LedgerLimits } from './ledger-limits.js';

/**
 * created: the case is new. completed: it existed from an earlier, interrupted import and its missing
 * conclusion or follow-ups were added. updated: it existed and the row corrected it (an edit by the importer).
 * unchanged: already present as the row says, nothing written. rejected: see issues.
 */
export type LedgerRowStatus = 'created' | 'completed' | 'updated' | 'unchanged' | 'rejected';

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
  updated: number;
  unchanged: number;
  rejected: number;
  rows: LedgerRowResult[];
}

/** A file read and checked, ready to import. */
export interface PreparedLedgerImport {
  format: 'xlsx' | 'csv';
  rows: LedgerSheetRow[];
}

/**
 * Rows are written in groups (one `applyMutations` call: each mutation still its own transaction, one group commit
 * per 100 mutations), and the import yields to the event loop after each group. A group is sized so that its work
 * takes about GROUP_BUDGET_MS — a scheduling aim, not a promise: groups grow on a fast machine (fewer disk syncs)
 * and shrink on a busy one, between LEDGER_MIN_ROWS_PER_GROUP and LEDGER_MAX_ROWS_PER_GROUP rows. Other requests
 * wait for at most one group.
 */
export const LEDGER_MAX_ROWS_PER_GROUP = 200;
/** Smaller groups would not shorten the waits much (a group's disk sync costs the same) but would multiply the syncs. */
export const LEDGER_MIN_ROWS_PER_GROUP = 8;
const FIRST_GROUP_ROWS = LEDGER_MIN_ROWS_PER_GROUP;
const GROUP_BUDGET_MS = 10;

/** Only staff import ledgers: checked before the file is even read. */
export function assertCanImportLedger(auth: AuthContext): void {
  if (!isStaffRole(auth.user.role)) throw new ApiError(403, 'ROLE_NOT_ALLOWED', 'only staff import ledgers');
}

/** Checks the importer's role and reads the file within the limits; every refusal is an ApiError with its code. */
export async function prepareLedgerImport(auth: AuthContext, bytes: Uint8Array, limits?: LedgerLimits): Promise<PreparedLedgerImport> {
  assertCanImportLedger(auth);
  const file = await readLedgerFile(bytes, limits);
  if (!file.ok) {
    if (file.code !== 'VALIDATION_FAILED') throw new ApiError(413, file.code, file.message);
    const issue: FieldIssue = { path: 'file', code: 'LEDGER_FILE', message: file.message };
    throw new ApiError(400, 'VALIDATION_FAILED', file.message, [issue]);
  }
  return { format: file.format, rows: file.rows };
}

export interface RunOptions {
  /** Called after each group of rows with the rows done so far. */
  onProgress?: (done: number) => void;
  /** Stops between groups (a shutdown, or a test standing in for a crash). */
  signal?: AbortSignal;
}

/**
 * Imports a sub-district's ledger through the sync mutation path (case.create, case.transition, case.edit), as the
 * importer, on a device stream of its own. A row's case id is derived from its grid and case number, and a case
 * created on a phone with the same grid and case number is that case, so a second import of the same file (or
 * one after an interrupted import) doubles nothing. A row that differs from its case corrects it. Bad rows are
 * reported with their line and reasons and never stop the other rows. Rows go in a few at a time, yielding to
 * the event loop between groups, so other requests are served throughout.
 */
export async function runLedgerImport(deps: { store: Store }, auth: AuthContext, file: PreparedLedgerImport, options: RunOptions = {}): Promise<LedgerImportResult> {
  const user = auth.user;
  const { db } = deps.store;
  const gridNodes = (await listSubtree(db, user.nodePath)).filter((n) => n.kind === 'grid');
  const grids = gridIndex(gridNodes);
  const storedCaseNos = await loadStoredCaseNumbers(deps.store, gridNodes.map((g) => g.id));
  const today = toShanghaiDate(new Date());
  const deviceId = `ledger-import.${user.id}`;
  const importer: AuthContext = { user, tokenId: auth.tokenId, deviceId };

  const firstLineOf = new Map<string, number>();
  const results: LedgerRowResult[] = [];
  let groupRows = FIRST_GROUP_ROWS;
  for (let start = 0; start < file.rows.length; ) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('import stopped');
    const began = performance.now();
    const group = file.rows.slice(start, start + groupRows);
    start += group.length;
    const planned: { row: LedgerSheetRow; caseNo: string | null; writes?: RowWrites; result?: LedgerRowResult }[] = [];
    const plans = group.map((row) => ({ row, caseNo: row.cells.caseNo?.trim() || null, planned: planLedgerRow(row.cells, grids, today) }));
    const existing = await findExisting(deps.store, plans.flatMap((p) => (p.planned.ok ? [p.planned.plan] : [])), storedCaseNos);
    for (const { row, caseNo, planned: p } of plans) {
      if (!p.ok) {
        planned.push({ row, caseNo, result: { line: row.line, caseNo, status: 'rejected', caseId: null, issues: p.issues } });
        continue;
      }
      const plan = p.plan;
      const first = firstLineOf.get(plan.caseId);
      if (first !== undefined) {
        const issues = [duplicateIssue(plan.caseNo ? 'caseNo' : 'facts', first)];
        planned.push({ row, caseNo, result: { line: row.line, caseNo, status: 'rejected', caseId: plan.caseId, issues } });
        continue;
      }
      firstLineOf.set(plan.caseId, row.line);
      planned.push({ row, caseNo, writes: planRowWrites(plan, existing.get(plan.caseId), user.displayName) });
    }
    const mutations: MutationToApply[] = planned.flatMap((p) =>
      (p.writes?.mutations ?? []).map((m) => ({ id: 'next' as const, name: m.name as MutationName, args: m.args, clientTime: new Date().toISOString() })),
    );
    const outcome = mutations.length > 0 ? await applyMutations(deps, importer, deviceId, mutations) : { results: [] };
    let at = 0;
    for (const p of planned) {
      if (p.result) {
        results.push(p.result);
        continue;
      }
      const writes = p.writes!;
      const applied = outcome.results.slice(at, at + writes.mutations.length);
      at += writes.mutations.length;
      const r = rowOutcome(writes, applied);
      results.push({ line: p.row.line, caseNo: p.caseNo, status: r.status, caseId: writes.caseId, issues: r.issues });
    }
    options.onProgress?.(results.length);
    const perRow = (performance.now() - began) / group.length;
    groupRows = Math.max(LEDGER_MIN_ROWS_PER_GROUP, Math.min(LEDGER_MAX_ROWS_PER_GROUP, Math.floor(GROUP_BUDGET_MS / Math.max(perRow, 0.01))));
    // better-sqlite3 answers synchronously: without this the whole import would run before any other request.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const count = (s: LedgerRowStatus) => results.filter((r) => r.status === s).length;
  return {
    format: file.format,
    total: results.length,
    created: count('created'),
    completed: count('completed'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    rows: results,
  };
}

/** The whole import in one call (tests, tools): prepare, then run. */
export async function importLedger(deps: { store: Store }, auth: AuthContext, bytes: Uint8Array, options?: RunOptions): Promise<LedgerImportResult> {
  return runLedgerImport(deps, auth, await prepareLedgerImport(auth, bytes), options);
}

const existingColumns = [
  'id', 'grid_id', 'status', 'handling_level', 'follow_up_count', 'deleted', 'doc', 'field_versions', 'concluded_on', 'outcome', 'resolved_level', 'body',
  'agreement_form', 'agreement_amount', 'court_confirmation',
] as const;

/** Key of a case number within its grid. */
const gridCaseNo = (gridId: string, caseNo: string) => `${gridId}\u001f${caseNo}`;

/**
 * The case each planned row stands for, by its planned id: the case the ledger created earlier (derived id), else a
 * case of the same grid whose stored case number (or whose id) is the row's case number — one created on a phone —
 * else the one case of the grid that the short form of an exported case number ('#3f2a9c1b') names.
 */
async function findExisting(
  store: Store,
  plans: { caseId: string; caseNo: string | undefined; gridId: string }[],
  storedCaseNos: ReadonlyMap<string, string>,
): Promise<Map<string, ExistingCase>> {
  const found = new Map<string, ExistingCase>();
  if (plans.length === 0) return found;
  const ids = new Set<string>();
  for (const p of plans) {
    ids.add(p.caseId);
    if (p.caseNo) {
      ids.add(p.caseNo);
      const stored = storedCaseNos.get(gridCaseNo(p.gridId, p.caseNo));
      if (stored) ids.add(stored);
    }
  }
  const rows = await store.db.selectFrom('cases').select(existingColumns).where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r as ExistingCase]));
  for (const p of plans) {
    const own = byId.get(p.caseId);
    if (own) {
      found.set(p.caseId, own);
      continue;
    }
    if (!p.caseNo) continue;
    const asId = byId.get(p.caseNo);
    const stored = storedCaseNos.get(gridCaseNo(p.gridId, p.caseNo));
    const other = (asId && asId.grid_id === p.gridId ? asId : undefined) ?? (stored ? byId.get(stored) : undefined);
    if (other) {
      found.set(p.caseId, other);
      continue;
    }
    const short = parseShortCaseNo(p.caseNo);
    if (!short) continue;
    const named = await store.db
      .selectFrom('cases')
      .select(existingColumns)
      .where('grid_id', '=', p.gridId)
      .where((eb) => eb.or([eb('id', 'like', `${short}%`), eb('id', 'like', `ledger-${short}%`)]))
      .limit(2)
      .execute();
    if (named.length === 1) found.set(p.caseId, named[0] as ExistingCase);
  }
  return found;
}

/**
 * Case numbers stored in cases of the importer's grids (those created on phones carry the number typed there), by
 * grid and number. Read once per import, a page at a time with a yield between pages.
 */
async function loadStoredCaseNumbers(store: Store, gridIds: string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (gridIds.length === 0) return map;
  const caseNo = store.dialect === 'postgres' ? sql<string | null>`(doc::json ->> 'caseNo')` : sql<string | null>`json_extract(doc, '$.caseNo')`;
  const PAGE = 2000;
  let after = '';
  for (;;) {
    const page = await store.db
      .selectFrom('cases')
      .select(['id', 'grid_id', caseNo.as('case_no')])
      .where('grid_id', 'in', gridIds)
      .where('id', '>', after)
      // Cheap filter first: most cases created on phones have no number.
      .where('doc', 'like', '%"caseNo"%')
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const r of page) {
      if (r.case_no && !map.has(gridCaseNo(r.grid_id, r.case_no))) map.set(gridCaseNo(r.grid_id, r.case_no), r.id);
    }
    if (page.length < PAGE) return map;
    after = page[page.length - 1]!.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function gridIndex(nodes: GridRef[]): GridIndex {
  const byId = new Map(nodes.map((n) => [n.id, { id: n.id, name: n.name }]));
  const byName = new Map<string, GridRef[]>();
  for (const n of byId.values()) byName.set(n.name, [...(byName.get(n.name) ?? []), n]);
  return { byId, byName };
}
