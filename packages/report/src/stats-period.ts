import type { Locale } from '@tiaojie/domain';

/** A reporting period of the statistics tables: a month ('2025-03'), a quarter ('2025-Q2') or a year ('2025'). */
export interface StatsPeriod {
  /** As written in a query string: '2025', '2025-Q2', '2025-03'. */
  id: string;
  kind: 'month' | 'quarter' | 'year';
  year: number;
  /** First and last day, both included ('YYYY-MM-DD', Asia/Shanghai). */
  from: string;
  to: string;
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

function monthSpan(year: number, first: number, last: number) {
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}` };
}

export function parseStatsPeriod(id: string): StatsPeriod | null {
  let m = /^(\d{4})$/.exec(id);
  if (m) return { id, kind: 'year', year: Number(m[1]), ...monthSpan(Number(m[1]), 1, 12) };
  m = /^(\d{4})-Q([1-4])$/.exec(id);
  if (m) {
    const q = Number(m[2]);
    return { id, kind: 'quarter', year: Number(m[1]), ...monthSpan(Number(m[1]), q * 3 - 2, q * 3) };
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(id);
  if (m) return { id, kind: 'month', year: Number(m[1]), ...monthSpan(Number(m[1]), Number(m[2]), Number(m[2])) };
  return null;
}

const quarterZh = ['一', '二', '三', '四'];

export function statsPeriodLabel(p: StatsPeriod, locale: Locale = 'zh-CN'): string {
  const month = Number(p.from.slice(5, 7));
  if (locale === 'en') {
    if (p.kind === 'year') return `${p.year}`;
    if (p.kind === 'quarter') return `Q${Math.ceil(month / 3)} ${p.year}`;
    return `${p.year}-${pad(month)}`;
  }
  if (p.kind === 'year') return `${p.year}年`;
  if (p.kind === 'quarter') return `${p.year}年第${quarterZh[Math.ceil(month / 3) - 1]}季度`;
  return `${p.year}年${month}月`;
}
