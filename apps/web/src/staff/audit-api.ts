import { auditPageSchema, type AuditPage } from '@tiaojie/domain';
import { apiFetch } from '../api/http.ts';

export interface AuditQuery {
  actor?: string;
  caseId?: string;
  action?: string;
  /** 'YYYY-MM-DD' (Asia/Shanghai days, inclusive). */
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
}

export function auditSearch(q: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** One page of the audit trail, newest first (the server scopes it to what the viewer may read). */
export async function fetchAuditPage(q: AuditQuery): Promise<AuditPage> {
  return auditPageSchema.parse(await apiFetch(`/api/audit${auditSearch(q)}`));
}

export const auditCsvPath = (q: AuditQuery) => `/api/audit/export.csv${auditSearch({ ...q, before: undefined, limit: undefined })}`;
