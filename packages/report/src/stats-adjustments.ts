import type { Locale } from '@tiaojie/domain';
import type { AdjustmentLine } from './adjustments.js';
import type { MediationStats } from './stats-tables.js';

const signedChange = (d: number) => `${d > 0 ? '+' : ''}${Math.round(d * 100) / 100}`;

/**
 * What changed in a unit's statistics tables since they were signed, as the annual report's adjustments read: one
 * line per cell whose current value differs (current − signed), matched by table, row and column key (never by
 * position, so a setting that reorders columns changes nothing). The total rows are the headline lines; the
 * footnote's counts of grids that filed nil reports or did not report are headline lines too.
 */
export function statsAdjustmentLines(signed: MediationStats, live: MediationStats, locale: Locale): AdjustmentLine[] {
  const headline: AdjustmentLine[] = [];
  const detail: AdjustmentLine[] = [];
  const sep = locale === 'en' ? ' / ' : '／';
  for (const lt of live.tables) {
    const st = signed.tables.find((t) => t.key === lt.key);
    const rowKeys = [...new Set([...(st?.rows ?? []).map((r) => r.key), ...lt.rows.map((r) => r.key)])];
    for (const rowKey of rowKeys) {
      const sr = st?.rows.find((r) => r.key === rowKey);
      const lr = lt.rows.find((r) => r.key === rowKey);
      for (const [i, col] of lt.columns.entries()) {
        const si = st ? st.columns.findIndex((c) => c.key === col.key) : -1;
        const before = sr && si >= 0 ? (sr.cells[si] ?? 0) : 0;
        const now = lr?.cells[i] ?? 0;
        if (Math.round((now - before) * 100) === 0) continue;
        const line: AdjustmentLine = {
          path: `${lt.key}.${rowKey}.${col.key}`,
          label: [lt.title, (lr ?? sr)!.label, col.group ? `${col.group}${col.title}` : col.title].join(sep),
          headline: rowKey === '_total',
          signed: before,
          current: now,
          change: signedChange(now - before),
        };
        (line.headline ? headline : detail).push(line);
      }
    }
  }
  const footnote = (key: 'nil' | 'missing', label: string) => {
    const before = signed.footnote?.[key] ?? 0;
    const now = live.footnote?.[key] ?? 0;
    if (before !== now) headline.push({ path: `footnote.${key}`, label, headline: true, signed: before, current: now, change: signedChange(now - before) });
  };
  footnote('nil', locale === 'en' ? 'Grids with nil reports' : '零上报网格');
  footnote('missing', locale === 'en' ? 'Grids that did not report' : '未上报网格');
  return [...headline, ...detail];
}
