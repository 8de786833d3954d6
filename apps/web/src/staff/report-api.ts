import { orgNodeSchema, type OrgNode } from '@tiaojie/domain';
import { z } from 'zod';
import { adjustmentLineSchema } from '@tiaojie/report';
import { apiFetch, ApiFailure } from '../api/http.ts';
import { readSession } from '../api/session.ts';

const rateSchema = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable() });
const yearFiguresSchema = z
  .object({
    year: z.number(),
    accepted: z.number(),
    carriedOver: z.number(),
    concluded: z.number(),
    openAtYearEnd: z.number(),
    mediated: z.number(),
    succeeded: z.number(),
    successRate: rateSchema,
    resolutionRate: rateSchema,
    byMonth: z.array(z.object({ month: z.number(), accepted: z.number(), concluded: z.number(), succeeded: z.number() })),
    byType: z.array(z.object({ key: z.string(), accepted: z.number(), concluded: z.number(), succeeded: z.number() })),
    byLevel: z.array(z.object({ key: z.string(), resolved: z.number(), share: rateSchema })),
    // Names the child units in the adjustment list.
    byChild: z.array(z.object({ id: z.string(), name: z.string() }).loose()),
  })
  .loose();
const tableSchema = z.object({
  id: z.string(),
  title: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number()]))),
  drill: z.array(z.object({ figure: z.string(), key: z.string() })).optional(),
  note: z.string().optional(),
});
const textSchema = z.object({ paragraph: z.string(), basis: z.array(z.string()) });

export type AdjustmentLineView = z.infer<typeof adjustmentLineSchema>;

export const annualViewSchema = z.object({
  status: z.enum(['draft', 'signed']),
  report: z.object({ year: z.number(), node: orgNodeSchema.pick({ id: true, name: true, kind: true }), current: yearFiguresSchema, previous: yearFiguresSchema }).loose(),
  adjustments: z.array(z.object({ path: z.string(), locked: z.number(), current: z.number(), delta: z.number() })),
  adjustmentLines: z.object({ zh: z.array(adjustmentLineSchema), en: z.array(adjustmentLineSchema) }),
  /** Cases of the year created or changed after the sign-off; null for a draft. */
  syncedAfterSignoff: z.number().nullable(),
  signoff: z.object({ version: z.number(), signedByName: z.string(), signedAt: z.string() }).loose().nullable(),
  text: z.object({ zh: textSchema, en: textSchema }),
  tables: z.object({ zh: z.array(tableSchema), en: z.array(tableSchema) }),
  canSignOff: z.boolean(),
});
export type AnnualView = z.infer<typeof annualViewSchema>;
export type ReportTableView = z.infer<typeof tableSchema>;

const drillSchema = z.object({
  total: z.number(),
  visible: z.number(),
  cases: z.array(
    z.object({
      id: z.string(),
      caseNo: z.string().nullable(),
      gridName: z.string().default(''),
      communityName: z.string().default(''),
      /** Masked by the server (张*). */
      applicants: z.array(z.string()).default([]),
      type: z.string(),
      acceptedOn: z.string(),
      concludedOn: z.string().nullable(),
      outcome: z.string().nullable(),
      /** Created, changed or deleted after the year's sign-off: the signed figures do not count it as it is now. */
      afterSignoff: z.enum(['created', 'updated', 'removed']).nullable().default(null),
    }),
  ),
  signedAt: z.string().nullable().default(null),
});
export type DrillList = z.infer<typeof drillSchema>;

const ledgerImportSchema = z.object({
  total: z.number(),
  created: z.number(),
  completed: z.number(),
  /** Rows that corrected a case an earlier import created. */
  updated: z.number().default(0),
  unchanged: z.number(),
  rejected: z.number(),
  rows: z.array(
    z.object({
      line: z.number(),
      caseNo: z.string().nullable(),
      status: z.enum(['created', 'completed', 'updated', 'unchanged', 'rejected']),
      issues: z.array(
        z.object({
          column: z.string(),
          field: z.string(),
          code: z.string(),
          message: z.string(),
          /** The reason in each UI language; `message` is the Chinese one. */
          messages: z.object({ 'zh-CN': z.string(), en: z.string() }).optional(),
        }),
      ),
    }),
  ),
});
export type LedgerImportResult = z.infer<typeof ledgerImportSchema>;

const ledgerImportJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  done: z.number(),
  total: z.number(),
  result: ledgerImportSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type LedgerImportJob = z.infer<typeof ledgerImportJobSchema>;

const q = (year: number, node: string) => `year=${year}&node=${encodeURIComponent(node)}`;

export async function fetchNodes(): Promise<OrgNode[]> {
  return z.object({ nodes: z.array(orgNodeSchema) }).parse(await apiFetch('/api/org/nodes')).nodes;
}

export async function fetchAnnual(year: number, node: string): Promise<AnnualView> {
  return annualViewSchema.parse(await apiFetch(`/api/reports/annual?${q(year, node)}`));
}

/** The cases behind a figure; with synced 'afterSignoff', only those created or changed after the year's sign-off. */
export async function fetchDrill(year: number, node: string, figure: string, key: string, synced: 'all' | 'afterSignoff' = 'all'): Promise<DrillList> {
  const filter = synced === 'afterSignoff' ? '&synced=afterSignoff' : '';
  return drillSchema.parse(await apiFetch(`/api/reports/annual/cases?${q(year, node)}&figure=${figure}&key=${encodeURIComponent(key)}&limit=500${filter}`));
}

export async function signOff(year: number, node: string): Promise<void> {
  await apiFetch('/api/reports/annual/signoff', { method: 'POST', json: { year, node } });
}

/**
 * Sends a ledger file (XLSX/CSV) to the import, which runs on the server as a job; polls it, reporting rows done,
 * until it has the per-row results. A job that stopped (the server restarted) fails with its reason: importing the
 * same file again doubles nothing.
 */
export async function importLedgerFile(
  file: File,
  { onProgress, pollMs = 500 }: { onProgress?: (done: number, total: number) => void; pollMs?: number } = {},
): Promise<LedgerImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  let job = ledgerImportJobSchema.parse(await apiFetch('/api/reports/import/ledger', { method: 'POST', body: form }));
  onProgress?.(job.done, job.total);
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    job = ledgerImportJobSchema.parse(await apiFetch(`/api/reports/import/ledger/jobs/${encodeURIComponent(job.jobId)}`));
    onProgress?.(job.done, job.total);
  }
  if (job.state === 'failed' || !job.result) throw new ApiFailure(500, 'INTERNAL', job.error?.message ?? 'import failed');
  return job.result;
}

/** Binary downloads need the bearer token too, so they are fetched and handed to the browser as a blob. */
export async function fetchFile(path: string): Promise<{ blob: Blob; filename: string }> {
  const token = readSession()?.token;
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiFailure(res.status, res.status === 404 ? 'NOT_FOUND' : 'INTERNAL', res.statusText);
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  return { blob: await res.blob(), filename: match ? decodeURIComponent(match[1]!) : 'report' };
}

export const exportPaths = {
  xlsx: (year: number, node: string) => `/api/reports/annual/xlsx?${q(year, node)}`,
  csv: (year: number, node: string) => `/api/reports/annual/csv?${q(year, node)}`,
  ledgerCsv: (year: number, node: string) => `/api/reports/annual/csv?${q(year, node)}&table=ledger`,
  print: (year: number, node: string) => `/api/reports/annual/print?${q(year, node)}`,
  template: () => '/api/reports/ledger/template',
};
