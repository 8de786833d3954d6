import type { z } from 'zod';
import { apiFetch } from '../api/http.ts';

/**
 * A sub-district's time limits (risk grades, intake channels) as last fetched: the phone judges them offline. Until
 * a first fetch, or if the stored copy no longer parses, the defaults apply; a refresh is quiet when offline.
 */
export function keptLimits<L>(options: { key: string; path: string; schema: z.ZodType<L>; defaults: L }) {
  const { key, path, schema, defaults } = options;
  const stored = (): L => {
    try {
      const raw = localStorage.getItem(key);
      const parsed = raw ? schema.safeParse(JSON.parse(raw)) : null;
      return parsed?.success ? parsed.data : defaults;
    } catch {
      return defaults;
    }
  };
  const refresh = async (): Promise<L> => {
    try {
      const answer = await apiFetch<{ limits: unknown }>(path);
      const parsed = schema.safeParse(answer.limits);
      if (parsed.success) {
        localStorage.setItem(key, JSON.stringify(parsed.data));
        return parsed.data;
      }
    } catch {
      // Offline or refused: the stored copy (or the defaults) stays in force.
    }
    return stored();
  };
  return { stored, refresh };
}
