import { caseSchema, caseSearchRowSchema, type DisputeCase } from '@tiaojie/domain';
import { z } from 'zod';
import { apiFetch } from '../api/http.ts';

export type { CaseSearchRow } from '@tiaojie/domain';
const pageSchema = z.object({ items: z.array(caseSearchRowSchema), total: z.number().int().min(0) });
export type CaseSearchPage = z.infer<typeof pageSchema>;

/** 'unit': by handling unit in org order (a community, then each of its grids), newest accepted first within one. */
export type CaseSearchSort = 'acceptedOn' | 'reportedOn' | 'updatedAt' | 'status' | 'type' | 'unit';
export interface CaseSearchFilters {
  q?: string;
  status?: string;
  type?: string;
  unitId?: string;
  gridId?: string;
  overdue?: boolean;
  sort: CaseSearchSort;
  dir: 'asc' | 'desc';
}

export function searchQueryString(f: CaseSearchFilters, offset: number, limit: number): string {
  const p = new URLSearchParams();
  for (const key of ['q', 'status', 'type', 'unitId', 'gridId'] as const) if (f[key]) p.set(key, f[key]);
  if (f.overdue) p.set('overdue', 'true');
  p.set('sort', f.sort);
  p.set('dir', f.dir);
  p.set('offset', String(offset));
  p.set('limit', String(limit));
  return p.toString();
}

export async function fetchCaseSearch(f: CaseSearchFilters, offset: number, limit: number, signal?: AbortSignal): Promise<CaseSearchPage> {
  return pageSchema.parse(await apiFetch(`/api/cases/search?${searchQueryString(f, offset, limit)}`, signal ? { signal } : {}));
}

/** A case outside this computer's copy, read from the server (as disclosed to this user: masked ID numbers, phones). */
export async function fetchServerCase(id: string): Promise<DisputeCase> {
  return caseSchema.parse(await apiFetch(`/api/cases/${encodeURIComponent(id)}`));
}
