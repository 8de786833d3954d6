/** A rate is never printed without what it divides. `value` is null when the denominator is 0. */
export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

/** One decimal, half away from zero, like the seeds ("99.7%"); '—' when there is nothing to divide. */
export function formatPercent(r: Rate | number | null): string {
  const v = typeof r === 'number' || r === null ? r : r.value;
  if (v === null || !Number.isFinite(v)) return '—';
  const tenths = Math.round(v * 1000 + (v >= 0 ? 1e-9 : -1e-9));
  return `${(tenths / 10).toFixed(1)}%`;
}

/** A rate with what it divides, as the tables print it: '95.0% (19/20)'. */
export function formatRateWithRatio(r: Rate): string {
  return `${formatPercent(r)} (${r.numerator}/${r.denominator})`;
}

export interface Change {
  current: number;
  previous: number;
  delta: number;
  /** delta ÷ previous; null when the previous year had none. */
  relative: number | null;
}

export function change(current: number, previous: number): Change {
  return { current, previous, delta: round2(current - previous), relative: previous === 0 ? null : (current - previous) / previous };
}

/** Money is summed in floating point; two decimals make the total independent of summation order. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
