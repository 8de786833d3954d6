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
});
export type StatsView = z.infer<typeof statsSchema>;

const cellCasesSchema = z.object({
  total: z.number(),
  count: z.number(),
  cases: z.array(
    z.object({ id: z.string(), caseNo: z.string().nullable(), type: z.string(), source: z.string(), acceptedOn: z.string(), concludedOn: z.string().nullable(), outcome: z.string().nullable(), value: z.number() }),
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

export const statsExportPaths = {
  xlsx: (period: string, node: string, head: string) => `/api/stats/xlsx?${q(period, node)}&head=${encodeURIComponent(head)}`,
  csv: (period: string, node: string, head: string) => `/api/stats/csv?${q(period, node)}&head=${encodeURIComponent(head)}`,
  print: (period: string, node: string, head: string) => `/api/stats/print?${q(period, node)}&head=${encodeURIComponent(head)}`,
};
