import { defaultRiskLimits, riskLimitsSchema, type RiskLimits } from '@tiaojie/domain';
import { apiFetch } from '../api/http.ts';

const KEY = 'tiaojie.riskLimits';

/**
 * The sub-district's time limits, as last fetched: the phone judges limits offline with them. Until a first fetch
 * (or if the stored copy no longer parses) the defaults apply.
 */
export function storedRiskLimits(): RiskLimits {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed = raw ? riskLimitsSchema.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : defaultRiskLimits;
  } catch {
    return defaultRiskLimits;
  }
}

/** Fetches the limits that apply to this user's area and keeps them for offline use; quiet when offline. */
export async function refreshRiskLimits(): Promise<RiskLimits> {
  try {
    const answer = await apiFetch<{ limits: unknown }>('/api/risk-limits');
    const parsed = riskLimitsSchema.safeParse(answer.limits);
    if (parsed.success) {
      localStorage.setItem(KEY, JSON.stringify(parsed.data));
      return parsed.data;
    }
  } catch {
    // Offline or refused: the stored copy (or the defaults) stays in force.
  }
  return storedRiskLimits();
}
