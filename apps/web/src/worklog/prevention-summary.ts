import { preventionKinds, type Locale, type Prevention } from '@tiaojie/domain';

type Translate = (key: string, vars?: Record<string, unknown>) => string;

/**
 * A round's prevention record in one line for the list: "预防纠纷2件 · 防止群体性上访1件30人" (only what happened,
 * in the code list's order); '' when it headed nothing off.
 */
export function preventionSummary(p: Prevention | undefined, locale: Locale, t: Translate): string {
  if (!p) return '';
  const parts: string[] = [];
  if (p.disputes > 0) parts.push(t('log.preventedDisputesCount', { n: p.disputes }));
  for (const k of preventionKinds.entries) {
    const o = p[k.code];
    if (o) parts.push(t('log.preventedOutcomeCount', { what: locale === 'en' ? k.en : k.zh, cases: o.cases, people: o.people }));
  }
  return parts.join(' · ');
}
