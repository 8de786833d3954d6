import { defaultIntakeLimits, intakeLimitsSchema, type IntakeLimits } from '@tiaojie/domain';
import { apiFetch } from '../api/http.ts';

const KEY = 'tiaojie.intakeLimits';

/**
 * The sub-district's channel time limits, as last fetched: the phone judges them offline (as risk limits). Until a
 * first fetch, or if the stored copy no longer parses, the defaults apply.
 */
export function storedIntakeLimits(): IntakeLimits {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed = raw ? intakeLimitsSchema.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : defaultIntakeLimits;
  } catch {
    return defaultIntakeLimits;
  }
}

/** Fetches the limits of this user's area and keeps them for offline use; quiet when offline. */
export async function refreshIntakeLimits(): Promise<IntakeLimits> {
  try {
    const answer = await apiFetch<{ limits: unknown }>('/api/intake-limits');
    const parsed = intakeLimitsSchema.safeParse(answer.limits);
    if (parsed.success) {
      localStorage.setItem(KEY, JSON.stringify(parsed.data));
      return parsed.data;
    }
  } catch {
    // Offline or refused: the stored copy (or the defaults) stays in force.
  }
  return storedIntakeLimits();
}
