import type { Locale } from '@tiaojie/domain';
import type { Change } from './rate.js';

/** Whole numbers as the seeds print them in Chinese (954件, no grouping); grouped in English. */
export function formatCount(n: number, locale: Locale): string {
  return locale === 'en' ? n.toLocaleString('en-US') : String(n);
}

export function formatAmount(yuan: number, locale: Locale): string {
  if (locale === 'en') return `¥${yuan.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
  if (yuan >= 10_000) return `${(Math.round(yuan / 100) / 100).toFixed(2)}万元`;
  return `${Math.round(yuan * 100) / 100}元`;
}

export function formatChange(c: Change, unit: string, locale: Locale): string {
  const pct = c.relative === null ? '' : `${Math.abs(Math.round(c.relative * 1000) / 10).toFixed(1)}%`;
  if (locale === 'en') {
    if (c.delta === 0) return 'unchanged';
    return `${c.delta > 0 ? 'up' : 'down'} ${formatCount(Math.abs(c.delta), 'en')}${pct ? ` (${pct})` : ''}`;
  }
  if (c.delta === 0) return '持平';
  return `${c.delta > 0 ? '增加' : '减少'}${Math.abs(c.delta)}${unit}${pct ? `（${c.delta > 0 ? '增长' : '下降'}${pct}）` : ''}`;
}
