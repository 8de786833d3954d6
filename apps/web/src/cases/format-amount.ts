import type { Locale } from '@tiaojie/domain';

/** Every amount in yuan on screen, written one way (3,000 — never 3000 beside 3,000); up to 2 decimals. */
export function formatYuan(yuan: number, locale: Locale): string {
  return yuan.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 });
}
