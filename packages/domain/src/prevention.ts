import { z } from 'zod';
import { defineCodeList } from './labels.js';

/** What a prevention outcome kept a dispute from turning into (预防效果); each counts cases (件) and people (人). */
export const preventionKinds = defineCodeList([
  { code: 'suicide', zh: '防止民间纠纷引起自杀', en: 'Suicide prevented' },
  { code: 'criminal', zh: '防止民间纠纷转化为刑事案件', en: 'Kept from turning criminal' },
  { code: 'petition', zh: '防止群体性上访', en: 'Group petition prevented' },
  { code: 'fight', zh: '防止群体性械斗', en: 'Group fight prevented' },
] as const);
export type PreventionKind = (typeof preventionKinds.codes)[number];

const count = (max: number) => z.number().int().min(0, { message: 'NOT_NEGATIVE' }).max(max);
export const preventionOutcomeSchema = z.object({
  cases: count(10_000).default(1),
  people: z.number().int().min(1).max(100_000),
});
export type PreventionOutcome = z.infer<typeof preventionOutcomeSchema>;

/**
 * Prevention outcomes (预防效果), recorded by the grid worker on a case (one dispute: `disputes` 0 or 1, each outcome
 * one case) or on a screening round (any number of each). An outcome that is absent did not happen.
 */
export const preventionSchema = z.object({
  /** 预防纠纷: disputes headed off before they broke out. */
  disputes: count(10_000).default(0),
  suicide: preventionOutcomeSchema.optional(),
  criminal: preventionOutcomeSchema.optional(),
  petition: preventionOutcomeSchema.optional(),
  fight: preventionOutcomeSchema.optional(),
});
export type Prevention = z.infer<typeof preventionSchema>;

