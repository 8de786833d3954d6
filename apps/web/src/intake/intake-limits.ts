import { defaultIntakeLimits, intakeLimitsSchema } from '@tiaojie/domain';
import { keptLimits } from '../api/kept-limits.ts';

/** The sub-district's time limits per intake channel, kept for judging them offline (as risk limits). */
const intakeLimits = keptLimits({ key: 'tiaojie.intakeLimits', path: '/api/intake-limits', schema: intakeLimitsSchema, defaults: defaultIntakeLimits });
export const storedIntakeLimits = intakeLimits.stored;
export const refreshIntakeLimits = intakeLimits.refresh;
