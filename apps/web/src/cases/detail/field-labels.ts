import type { TFunction } from 'i18next';
import { caseSources, disputeTypes, riskLevels, type Locale } from '@tiaojie/domain';

/** A conflict path ('facts', 'parties.p1.personal.phone') in words. */
export function fieldLabel(path: string, t: TFunction): string {
  const [head, , ...rest] = path.split('.');
  const key = `field.${head}`;
  const base = t(key, { defaultValue: head ?? path });
  const leaf = rest.at(-1);
  return leaf ? `${base} · ${t(`field.${leaf}`, { defaultValue: leaf })}` : base;
}

/** A conflicting value in words: code-list codes get their labels, booleans 是/否, objects a short JSON. */
export function describeValue(value: unknown, locale: Locale): string {
  if (value === null || value === undefined || value === '') return locale === 'en' ? '(empty)' : '（空）';
  if (typeof value === 'boolean') return value ? (locale === 'en' ? 'Yes' : '是') : locale === 'en' ? 'No' : '否';
  if (typeof value === 'string') {
    for (const list of [disputeTypes, caseSources, riskLevels]) if (list.has(value)) return list.label(value as never, locale);
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
