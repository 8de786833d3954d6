import { levelSchema, riskFlagSchema, riskLevelSchema } from '@tiaojie/domain';
import { z } from 'zod';
import { apiFetch } from '../api/http.ts';

const clockStateSchema = z.enum(['met', 'running', 'approaching', 'passed']);

export const riskBoardSchema = z.object({
  generatedAt: z.string(),
  node: z.object({ id: z.string(), name: z.string() }),
  byGrade: z.array(z.object({ grade: riskLevelSchema, open: z.number(), passed: z.number(), approaching: z.number() })),
  cases: z.array(
    z.object({
      id: z.string(),
      caseNo: z.string().nullable(),
      gridId: z.string(),
      gridName: z.string(),
      grade: riskLevelSchema,
      flags: z.array(riskFlagSchema).catch([]),
      state: clockStateSchema,
      dueAt: z.string(),
      minutesLeft: z.number(),
      handlingLevel: levelSchema,
      requiredLevel: levelSchema,
      autoEscalated: z.boolean().default(false),
      acceptedOn: z.string(),
      facts: z.string(),
    }),
  ),
  escalations: z.array(
    z.object({
      caseId: z.string(),
      caseNo: z.string().nullable(),
      gridName: z.string(),
      grade: riskLevelSchema,
      fromLevel: levelSchema,
      toLevel: levelSchema,
      date: z.string(),
      at: z.string().nullable(),
      automatic: z.boolean(),
      reason: z.string(),
    }),
  ),
});
export type RiskBoardView = z.infer<typeof riskBoardSchema>;

export const nilOverviewSchema = z.object({
  period: z.string(),
  grids: z.array(z.object({ id: z.string(), name: z.string(), communityName: z.string(), status: z.enum(['reported', 'nil', 'missing']), cases: z.number(), filedAt: z.string().nullable() })),
  counts: z.object({ reported: z.number(), nil: z.number(), missing: z.number() }),
});
export type NilOverviewView = z.infer<typeof nilOverviewSchema>;

export async function fetchRiskBoard(node?: string): Promise<RiskBoardView> {
  return riskBoardSchema.parse(await apiFetch(`/api/risk-board${node ? `?node=${encodeURIComponent(node)}` : ''}`));
}

export async function fetchNilOverview(period: string, node?: string): Promise<NilOverviewView> {
  const q = new URLSearchParams({ period, ...(node ? { node } : {}) });
  return nilOverviewSchema.parse(await apiFetch(`/api/nil-reports?${q.toString()}`));
}
