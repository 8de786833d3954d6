import { adjustmentLineSchema } from '@tiaojie/report';
import { z } from 'zod';
import { apiFetch } from '../api/http.ts';

const statsSchema = z.object({
  unit: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  period: z.object({ id: z.string(), from: z.string(), to: z.string() }).loose(),
  periodLabel: z.string(),
  tables: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      columns: z.array(z.object({ key: z.string(), title: z.string(), group: z.string().optional(), money: z.boolean().optional() })),
      rows: z.array(z.object({ key: z.string(), label: z.string(), node: z.string().optional(), cells: z.array(z.number()) })),
    }),
  ),
  /** 本期N个网格零上报，M个网格未上报: printed under every table. */
  footnote: z.object({ reported: z.number(), nil: z.number(), missing: z.number(), text: z.string() }).optional(),
  status: z.enum(['draft', 'signed']).default('draft'),
  signoff: z
    .object({ version: z.number(), signedByName: z.string(), signedAt: z.string(), head: z.string(), preparer: z.string(), reportDate: z.string() })
    .loose()
    .nullable()
    .default(null),
  adjustmentLines: z.array(adjustmentLineSchema).default([]),
  syncedAfterSignoff: z.number().nullable().default(null),
  canSignOff: z.boolean().default(false),
});
export type StatsView = z.infer<typeof statsSchema>;

const cellCasesSchema = z.object({
  total: z.number(),
  count: z.number(),
  cases: z.array(
    z.object({
      id: z.string(),
      caseNo: z.string().nullable(),
      type: z.string(),
      source: z.string(),
      acceptedOn: z.string(),
      concludedOn: z.string().nullable(),
      outcome: z.string().nullable(),
      value: z.number(),
      /** Only in the list of cases written after the sign-off. */
      afterSignoff: z.enum(['created', 'updated', 'removed']).optional(),
    }),
  ),
});
export type StatsCellCases = z.infer<typeof cellCasesSchema>;

const q = (period: string, node: string) => `period=${encodeURIComponent(period)}&node=${encodeURIComponent(node)}`;

export async function fetchStats(period: string, node: string, locale: string): Promise<StatsView> {
  return statsSchema.parse(await apiFetch(`/api/stats/tables?${q(period, node)}&locale=${locale === 'en' ? 'en' : 'zh-CN'}`));
}

export async function fetchStatsCell(period: string, node: string, column: string, row: string): Promise<StatsCellCases> {
  return cellCasesSchema.parse(await apiFetch(`/api/stats/cases?${q(period, node)}&column=${encodeURIComponent(column)}&row=${encodeURIComponent(row)}`));
}

/** The cases of the period written after the latest sign-off (what the adjustments come from). */
export async function fetchStatsLate(period: string, node: string): Promise<StatsCellCases> {
  return cellCasesSchema.parse(await apiFetch(`/api/stats/late-cases?${q(period, node)}`));
}

/** Signs the unit's tables for the period off (or re-issues them) as the next version, with who signs them. */
export async function signOffStats(period: string, node: string, head: string): Promise<void> {
  await apiFetch('/api/stats/signoff', { method: 'POST', json: { period, node, head } });
}

export const statsExportPaths = {
  xlsx: (period: string, node: string, head: string) => `/api/stats/xlsx?${q(period, node)}&head=${encodeURIComponent(head)}`,
  csv: (period: string, node: string, head: string) => `/api/stats/csv?${q(period, node)}&head=${encodeURIComponent(head)}`,
  print: (period: string, node: string, head: string) => `/api/stats/print?${q(period, node)}&head=${encodeURIComponent(head)}`,
};
