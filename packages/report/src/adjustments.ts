import type { YearFigures } from './figures.js';
import { round2 } from './rate.js';

/**
 * Every number of a year's figures by a stable path ('accepted', 'byType.neighbour.accepted',
 * 'successRate.numerator', …). Lines of lists are keyed by their code or id, never by position.
 */
export function figureValues(f: YearFigures): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'number') {
      if (path !== 'year' && !path.endsWith('.value') && !path.endsWith('.month')) out[path] = value;
    } else if (Array.isArray(value)) {
      for (const item of value) {
        const key = (item as { key?: string; id?: string; month?: number }).key ?? (item as { id?: string }).id ?? String((item as { month?: number }).month);
        walk(item, path ? `${path}.${key}` : key);
      }
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(f, '');
  return out;
}

export interface Adjustment {
  path: string;
  locked: number;
  current: number;
  delta: number;
}

const depth = (path: string) => path.split('.').length;

/**
 * Figures that changed since the report was locked: current − locked, for every path that differs. Headline
 * figures come first, then their parts, then the breakdowns, so a shortened list still shows what matters most.
 */
export function adjustmentsSince(locked: YearFigures, current: YearFigures): Adjustment[] {
  const a = figureValues(locked);
  const b = figureValues(current);
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort((x, y) => depth(x) - depth(y) || (x < y ? -1 : x > y ? 1 : 0));
  const out: Adjustment[] = [];
  for (const path of paths) {
    const l = a[path] ?? 0;
    const c = b[path] ?? 0;
    const delta = round2(c - l);
    if (delta !== 0) out.push({ path, locked: l, current: c, delta });
  }
  return out;
}
