import '../i18n/later.ts';
import { levels, riskLevels, type Level, type RiskLevel } from '@tiaojie/domain';
import { useEffect } from 'react';
import { useStoreContext } from '../app/store-context.tsx';
import { useT } from '../i18n/index.ts';
import type { LocalStore } from '../storage/index.ts';
import { refreshIntakeLimits } from '../intake/intake-limits.ts';
import { refreshRiskLimits, storedRiskLimits } from './risk-limits.ts';
import { clockOfSummary } from './risk-warnings.ts';
import { useNow } from './use-now.ts';

/** How many open cases one check looks at: far more than a grid worker or a community holds open. */
const WATCH_LIMIT = 500;

/**
 * Escalates, on this phone and offline too, every open case whose grade escalates itself once its time limit passed
 * (红: to the sub-district). The escalation is an ordinary queued mutation with a fixed id, so the server applies it
 * once however many phones noticed. Renders nothing.
 */
export default function RiskWatcher() {
  const { store } = useStoreContext();
  const { t, locale } = useT();
  const now = useNow();
  useEffect(() => {
    void refreshRiskLimits();
    // The channel limits are kept for offline use the same way (the case page judges them on the phone).
    void refreshIntakeLimits();
  }, []);
  useEffect(() => {
    let cancelled = false;
    // A locked phone (PIN) cannot read its cases: this check is skipped, and the next one after unlocking runs it.
    escalateDue(store, now, (grade, level) => t('riskGrade.autoReason', { grade: riskLevels.label(grade, locale), level: levels.label(level, locale) }), () => cancelled).catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [store, now, t, locale]);
  return null;
}

export async function escalateDue(
  store: Pick<LocalStore, 'listCases' | 'escalateAutomatically'>,
  now: Date,
  reasonOf: (grade: RiskLevel, level: Level) => string,
  cancelled: () => boolean = () => false,
): Promise<number> {
  const limits = storedRiskLimits();
  const open = await store.listCases({ status: 'open', limit: WATCH_LIMIT });
  let escalated = 0;
  for (const item of open.items) {
    if (cancelled()) break;
    const clock = clockOfSummary(item, limits, now);
    if (!clock.escalateNow) continue;
    try {
      if (await store.escalateAutomatically(item.id, { toLevel: clock.requiredLevel, reason: reasonOf(clock.grade, clock.requiredLevel) })) escalated += 1;
    } catch {
      // Not allowed from this phone (another level's case) or no longer here: the server's view decides.
    }
  }
  return escalated;
}
