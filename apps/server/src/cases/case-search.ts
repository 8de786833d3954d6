import { addDays, mediationDeadline, type CaseStatus, type DisputeCase, type DisputeType, type Level } from '@tiaojie/domain';
import { sql } from 'kysely';
import type { Store } from '../db/index.js';
import { inSubtree, subtreeUpperBound } from '../org/index.js';
import { caseNoContains } from './case-numbers.js';
import { rowToCase } from './case-row.js';
import { nameHashOf } from './party-disclosure.js';

export const caseSearchSorts = ['acceptedOn', 'reportedOn', 'updatedAt', 'status', 'type', 'unit'] as const;
export type CaseSearchSort = (typeof caseSearchSorts)[number];
const sortColumn = { acceptedOn: 'accepted_on', reportedOn: 'reported_on', updatedAt: 'updated_at', status: 'status', type: 'type' } as const;

/** The handling unit whose subtree the list is narrowed to (found within the caller's scope by the route). */
export interface UnitFilter {
  path: string;
  /** A grid or community handles few cases: read them by the scope index and sort, rather than walk all by date. */
  small: boolean;
}

export interface CaseSearchQuery {
  /** A status, or 'open' (accepted or mediating). */
  status?: CaseStatus | 'open' | undefined;
  type?: DisputeType | undefined;
  /** Cases handled anywhere in this unit's subtree (the unit itself, its communities and grids). */
  unit?: UnitFilter | undefined;
  gridId?: string | undefined;
  overdue?: boolean | undefined;
  /** A part of a case number, or a party's whole name (matched by keyed hash, never in the clear). */
  q?: string | undefined;
  sort: CaseSearchSort;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
  /** Asia/Shanghai date of the request, for `overdue`. */
  today: string;
}

/** One row of the staff list: what a table shows, no ID number or phone in any form. */
export interface CaseSearchRow {
  id: string;
  caseNo: string | null;
  status: CaseStatus;
  type: DisputeType;
  handlingLevel: Level;
  handlingNodeId: string;
  gridId: string;
  reportedOn: string;
  acceptedOn: string;
  deadline: string;
  overdue: boolean;
  partyNames: string[];
  updatedAt: string;
}

/**
 * The latest acceptance date whose mediation deadline (one month on) is before `today`: a case is overdue when it
 * is open and was accepted on or before it (the deadline grows with the date, so one comparison in SQL does).
 */
export function overdueAcceptedBy(today: string): string {
  let d = addDays(today, -28);
  while (!(today > mediationDeadline(d))) d = addDays(d, -1);
  return d;
}

/**
 * A page of the cases handled within `callerPath`'s subtree (or a unit's inside it), filtered and sorted, with the exact count. Filters are
 * indexed columns; the text matches a case number (any number the case had) or a party name's keyed hash.
 */
export async function searchCases(store: Store, callerPath: string, f: CaseSearchQuery): Promise<{ items: CaseSearchRow[]; total: number }> {
  const q = f.q?.trim();
  // Handling paths nest, so a unit inside the caller's subtree narrows the one range; one outside it matches nothing.
  if (f.unit && !f.unit.path.startsWith(callerPath)) return { items: [], total: 0 };
  const nodePath = f.unit?.path ?? callerPath;
  // `ordered`: the page in acceptance order walks the (accepted_on, id) index and checks the subtree on the way
  // (the range written so that no index serves it), instead of reading the whole subtree by its scope index and
  // sorting it: a sub-district's 100,000 rows cost seconds that way, and a page of 100 needs ~100 index steps.
  const filtered = (ordered: boolean) =>
    store.db
      .selectFrom('cases')
      .where('deleted', '=', 0)
      .$if(!ordered, (x) => x.where(inSubtree('scope_path', nodePath)))
      .$if(ordered, (x) => x.where(sql<boolean>`(scope_path || '') >= ${nodePath}`).where(sql<boolean>`(scope_path || '') < ${subtreeUpperBound(nodePath)}`))
      .$if(f.status === 'open', (x) => x.where('status', 'in', ['accepted', 'mediating']))
      .$if(!!f.status && f.status !== 'open', (x) => x.where('status', '=', f.status!))
      .$if(!!f.type, (x) => x.where('type', '=', f.type!))
      .$if(!!f.gridId, (x) => x.where('grid_id', '=', f.gridId!))
      .$if(!!f.overdue, (x) => x.where('status', 'in', ['accepted', 'mediating']).where('accepted_on', '<=', overdueAcceptedBy(f.today)))
      .$if(!!q, (x) =>
        x.where((eb) =>
          eb.or([
            eb('id', 'in', eb.selectFrom('case_numbers').select('case_id').where(caseNoContains(q!))),
            eb('id', 'in', eb.selectFrom('case_party_names').select('case_id').where('name_hash', '=', nameHashOf(store.personal.hashKey, q!))),
          ]),
        ),
      );
  // A text or a grid narrows to few rows: then reading them by their own index and sorting is the cheaper way.
  const ordered = f.sort === 'acceptedOn' && !q && !f.gridId && !f.unit?.small;
  const base = filtered(false);
  const page = filtered(ordered).select(['id', 'doc', 'personal', 'updated_at']);
  // Ties broken by id, so that pages never overlap or skip. By unit: the handling node's path, so a community's own
  // cases come first and then each of its grids' in turn (the org tree's order; descending reverses the units), and
  // newest accepted first within a unit either way. Paths compare bytewise on both databases (collation "C" on
  // PostgreSQL). The scope index gives the path order; only each unit's rows are sorted (SQLite: a temporary b-tree
  // for the last two terms; PostgreSQL: an incremental sort).
  const sorted =
    f.sort === 'unit'
      ? page.orderBy('scope_path', f.dir).orderBy('accepted_on', 'desc').orderBy('id', 'desc')
      : page.orderBy(sql.ref(sortColumn[f.sort]), f.dir).orderBy('id', f.dir);
  const [rows, count] = await Promise.all([
    sorted
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toRow(rowToCase(r, store.personal), r.updated_at, f.today)), total: Number(count.n) };
}

function toRow(c: DisputeCase, updatedAt: string, today: string): CaseSearchRow {
  const deadline = mediationDeadline(c.acceptedOn);
  const open = c.status === 'accepted' || c.status === 'mediating';
  return {
    id: c.id,
    caseNo: c.caseNo ?? null,
    status: c.status,
    type: c.type,
    handlingLevel: c.handlingLevel,
    handlingNodeId: c.handlingNodeId,
    gridId: c.gridId,
    reportedOn: c.reportedOn,
    acceptedOn: c.acceptedOn,
    deadline,
    overdue: open && today > deadline,
    partyNames: Object.values(c.parties).map((p) => p.personal.name),
    updatedAt,
  };
}
