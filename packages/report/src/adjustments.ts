import { z } from 'zod';
import type { Locale } from '@tiaojie/domain';
import type { DrillFigure } from './drill.js';
import { adjustmentLabel } from './figure-labels.js';
import type { YearFigures } from './figures.js';
import { formatPercent, formatRateWithRatio, rate, round2, type Rate } from './rate.js';
import type { Cell } from './tables.js';

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
  // A report signed before it carried the prevention outcomes did not record them: nothing to adjust against.
  const recorded = (path: string) => locked.prevention !== undefined || !path.startsWith('prevention.');
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter(recorded)
    .sort((x, y) => depth(x) - depth(y) || (x < y ? -1 : x > y ? 1 : 0));
  const out: Adjustment[] = [];
  for (const path of paths) {
    const l = a[path] ?? 0;
    const c = b[path] ?? 0;
    const delta = round2(c - l);
    if (delta !== 0) out.push({ path, locked: l, current: c, delta });
  }
  return out;
}

const cellSchema = z.union([z.string(), z.number()]);

/** The wire form of an AdjustmentLine: the API documents it and the staff screen parses with it. */
export const adjustmentLineSchema = z.object({
  path: z.string(),
  label: z.string(),
  headline: z.boolean(),
  signed: cellSchema,
  current: cellSchema,
  change: z.string(),
  drill: z.object({ figure: z.string(), key: z.string() }).optional(),
});

/** One line of the adjustment table as staff read it: a count, or a rate with its numerator and denominator inline. */
export interface AdjustmentLine {
  /** The figure's path (see figureValues); for a rate, the rate's own path, its numerator and denominator beneath. */
  path: string;
  label: string;
  /** The report's main figures (受理, 办结, 调解, the rates, …): what a sign-off is checked against. */
  headline: boolean;
  /** A count as a number; a rate as '95.0% (19/20)'. */
  signed: Cell;
  current: Cell;
  /** current − signed: '+1', or for a rate '+0.3个百分点' / '+0.3 pts' ('—' when either rate has nothing to divide). */
  change: string;
  /** The drill-down listing the cases behind the figure, when there is one. */
  drill?: { figure: DrillFigure; key: string };
}

/** The headline figures in the order the report states them, with the drill-down behind each. */
const headlineLines: { path: string; drill: { figure: DrillFigure; key: string } }[] = [
  { path: 'accepted', drill: { figure: 'accepted', key: '' } },
  { path: 'carriedOver', drill: { figure: 'carriedOver', key: '' } },
  { path: 'concluded', drill: { figure: 'concluded', key: '' } },
  { path: 'openAtYearEnd', drill: { figure: 'openAtYearEnd', key: '' } },
  { path: 'mediated', drill: { figure: 'mediated', key: '' } },
  { path: 'succeeded', drill: { figure: 'outcome', key: 'success' } },
  { path: 'successRate', drill: { figure: 'mediated', key: '' } },
  { path: 'resolutionRate', drill: { figure: 'concluded', key: '' } },
  { path: 'groupDisputes', drill: { figure: 'group', key: '' } },
];

const rateParts = /\.(numerator|denominator)$/;

/**
 * The adjustments since sign-off as the screen, the XLSX and the print view show them: the headline figures that
 * changed first, then the breakdowns; a rate is one line with its numerator and denominator inline (never a line
 * per part), and 'resolved', which always equals 调解成功, is not repeated.
 */
export function adjustmentLines(
  locked: YearFigures,
  current: YearFigures,
  locale: Locale,
  children: readonly { id: string; name: string }[] = current.byChild,
): AdjustmentLine[] {
  const a = figureValues(locked);
  const b = figureValues(current);
  const changed = adjustmentsSince(locked, current);
  const rateOf = (values: Record<string, number>, path: string) => rate(values[`${path}.numerator`] ?? 0, values[`${path}.denominator`] ?? 0);
  // The change is computed from the rates as printed (to 0.1%), so a line never reads "50.8% → 50.8% (+0.1…)". A
  // rate whose printed value did not move keeps its line when its numerator or denominator changed: '0.0'.
  const tenths = (r: Rate) => Math.round(Number.parseFloat(formatPercent(r)) * 10);
  const points = (l: Rate, c: Rate) => {
    if (l.value === null || c.value === null) return '—';
    const d = (tenths(c) - tenths(l)) / 10;
    const text = `${d > 0 ? '+' : d < 0 ? '-' : ''}${Math.abs(d).toFixed(1)}`;
    return locale === 'en' ? `${text} pts` : `${text}个百分点`;
  };
  const lineOf = (path: string, headline: boolean, drill?: AdjustmentLine['drill']): AdjustmentLine | undefined => {
    const label = adjustmentLabel(path, locale, children);
    if (changed.some((x) => x.path === `${path}.numerator` || x.path === `${path}.denominator`)) {
      const l = rateOf(a, path);
      const c = rateOf(b, path);
      return { path, label, headline, signed: formatRateWithRatio(l), current: formatRateWithRatio(c), change: points(l, c), ...(drill ? { drill } : {}) };
    }
    const x = changed.find((y) => y.path === path);
    if (!x) return undefined;
    return { path, label, headline, signed: x.locked, current: x.current, change: `${x.delta > 0 ? '+' : ''}${x.delta}`, ...(drill ? { drill } : {}) };
  };

  const out: AdjustmentLine[] = [];
  for (const h of headlineLines) {
    const line = lineOf(h.path, true, h.drill);
    if (line) out.push(line);
  }
  const done = new Set(out.map((l) => l.path));
  // 'resolved' is 调解成功 counted by level; its total is the same number as 'succeeded'.
  if (a.resolved === a.succeeded && b.resolved === b.succeeded) done.add('resolved');
  for (const x of changed) {
    const path = x.path.replace(rateParts, '');
    if (done.has(path)) continue;
    done.add(path);
    const line = lineOf(path, false);
    if (line) out.push(line);
  }
  return out;
}
