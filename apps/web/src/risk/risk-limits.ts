import { defaultRiskLimits, riskLimitsSchema } from '@tiaojie/domain';
import { keptLimits } from '../api/kept-limits.ts';

/** The sub-district's time limits per risk grade, kept for judging them offline. */
const riskLimits = keptLimits({ key: 'tiaojie.riskLimits', path: '/api/risk-limits', schema: riskLimitsSchema, defaults: defaultRiskLimits });
export const storedRiskLimits = riskLimits.stored;
export const refreshRiskLimits = riskLimits.refresh;
