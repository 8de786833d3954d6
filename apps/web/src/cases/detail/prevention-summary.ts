import { preventionKinds, type Locale, type Prevention } from '@tiaojie/domain';

/** A case's prevention outcomes in one line: 预防纠纷、防止民间纠纷引起自杀（1人）. */
export function preventionSummary(p: Prevention, locale: Locale, disputesLabel: string): string {
  const parts: string[] = [];
  if (p.disputes > 0) parts.push(disputesLabel);
  for (const k of preventionKinds.codes) {
    const o = p[k];
    if (o) parts.push(locale === 'en' ? `${preventionKinds.label(k, 'en')} (${o.people} people)` : `${preventionKinds.label(k)}（${o.people}人）`);
  }
  return parts.join(locale === 'en' ? '; ' : '、');
}
