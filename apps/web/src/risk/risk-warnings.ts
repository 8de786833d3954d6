import { riskClock, riskRank, type RiskClock, type RiskLimits } from '@tiaojie/domain';
import type { CaseSummary } from '../storage/index.ts';

export interface RiskWarning {
  item: CaseSummary;
  clock: RiskClock;
}

/** The clock of a listed case (rows written before grades had clocks count from the day of acceptance). */
export function clockOfSummary(item: CaseSummary, limits: RiskLimits, now: Date): RiskClock {
  return riskClock(
    { risk: item.risk, status: item.status, handlingLevel: item.handlingLevel, createdAt: item.riskSince ?? `${item.acceptedOn}T00:00:00+08:00` },
    limits,
    now,
  );
}

/** Open cases whose limit is near or passed: passed first, then the higher grade, then the sooner limit. */
export function riskWarnings(items: readonly CaseSummary[], limits: RiskLimits, now: Date): RiskWarning[] {
  return items
    .map((item) => ({ item, clock: clockOfSummary(item, limits, now) }))
    .filter((w) => w.clock.state === 'approaching' || w.clock.state === 'passed')
    .sort(
      (a, b) =>
        Number(b.clock.state === 'passed') - Number(a.clock.state === 'passed') ||
        riskRank[a.clock.grade] - riskRank[b.clock.grade] ||
        a.clock.minutesLeft - b.clock.minutesLeft,
    );
}
