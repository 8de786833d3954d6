import type { CaseFileCompleteness, DisputeCase } from '@tiaojie/domain';
import type { Store } from '../db/index.js';
import { inSubtree } from '../org/index.js';
import { caseNoContains } from './case-numbers.js';
import { rowToCase } from './case-row.js';

export interface CaseListFilters {
  status?: string | undefined;
  type?: string | undefined;
  gridId?: string | undefined;
  acceptedFrom?: string | undefined;
  acceptedTo?: string | undefined;
  /** Any part of a case number the case was given (final, provisional or imported). */
  number?: string | undefined;
  /** The case file's completeness (isCaseFileComplete, kept on the row): every required document ready, or not. */
  completeness?: CaseFileCompleteness | undefined;
  offset: number;
  limit: number;
}

/** A case the user may see (scope in the SQL), or null: callers answer 404 either way. */
export async function findCaseInScope(store: Store, id: string, nodePath: string): Promise<DisputeCase | null> {
  const row = await store.db
    .selectFrom('cases')
    .select(['doc', 'personal'])
    .where('id', '=', id)
    .where('deleted', '=', 0)
    .where(inSubtree('scope_path', nodePath))
    .executeTakeFirst();
  return row ? rowToCase(row, store.personal) : null;
}

export async function listCases(store: Store, nodePath: string, f: CaseListFilters): Promise<{ items: DisputeCase[]; total: number }> {
  const base = store.db
    .selectFrom('cases')
    .where('deleted', '=', 0)
    .where(inSubtree('scope_path', nodePath))
    .$if(!!f.status, (q) => q.where('status', '=', f.status!))
    .$if(!!f.type, (q) => q.where('type', '=', f.type!))
    .$if(!!f.gridId, (q) => q.where('grid_id', '=', f.gridId!))
    .$if(!!f.acceptedFrom, (q) => q.where('accepted_on', '>=', f.acceptedFrom!))
    .$if(!!f.acceptedTo, (q) => q.where('accepted_on', '<=', f.acceptedTo!))
    .$if(!!f.completeness, (q) => q.where('file_complete', '=', f.completeness === 'complete' ? 1 : 0))
    .$if(!!f.number, (q) =>
      q.where('id', 'in', (eb) =>
        eb.selectFrom('case_numbers').select('case_id').where(caseNoContains(f.number!)),
      ),
    );
  const [rows, count] = await Promise.all([
    base.select(['doc', 'personal']).orderBy('accepted_on', 'desc').orderBy('id').offset(f.offset).limit(f.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => rowToCase(r, store.personal)), total: Number(count.n) };
}
