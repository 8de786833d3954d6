import type { StatsPeriod } from './stats-period.js';

/**
 * What the statistics tables count, per (committee, dispute type, source) group of the cases of a unit's subtree:
 * the server fills these from two GROUP BYs (cases accepted in the period; cases concluded in it), and
 * `countStatsRows` counts the same case by case (the reference the SQL is tested against).
 */
export const acceptedMeasures = [
  'accepted',
  /** 当事人数. */
  'parties',
  /** Cases with three or more parties. */
  'multiParty',
  'groupCases',
  'groupPeople',
  'prevDisputes',
  'prevSuicide',
  'prevSuicidePeople',
  'prevCriminal',
  'prevCriminalPeople',
  'prevPetition',
  'prevPetitionPeople',
  'prevFight',
  'prevFightPeople',
] as const;
export const concludedMeasures = [
  'mediated',
  'succeeded',
  'oral',
  'written',
  'amount',
  'fulfilled',
  'partial',
  'unfulfilled',
  'courtApplied',
  'courtConfirmed',
] as const;
export type AcceptedMeasure = (typeof acceptedMeasures)[number];
export type ConcludedMeasure = (typeof concludedMeasures)[number];
export type StatsMeasure = AcceptedMeasure | ConcludedMeasure;
/** Measures of screening rounds (排查) held in the period: the rounds, and what they headed off. */
export const activityMeasures = ['screeningRounds', 'prevDisputes', 'prevSuicide', 'prevSuicidePeople', 'prevCriminal', 'prevCriminalPeople', 'prevPetition', 'prevPetitionPeople', 'prevFight', 'prevFightPeople'] as const;
export type ActivityMeasure = (typeof activityMeasures)[number];

export interface StatsCountRow {
  /** The committee that handled the cases (null: none named). */
  committee: string | null;
  type: string;
  /**
   * null: the row sums every source. No column splits a concluded measure, a group dispute or a prevention outcome by
   * source (stats.test.ts holds the column definitions to that), so their queries group by committee and type only.
   */
  source: string | null;
  /** Only the measures of the row's query are present; absent ones are 0. */
  counts: Partial<Record<StatsMeasure, number>>;
}

export interface StatsCommittee {
  id: string;
  name: string;
  kind: string;
  nodeId: string;
  nodeName: string;
  active: boolean;
  fullTime: number;
  partTime: number;
  /** False for a committee above the unit (listed only when it handled some of the unit's cases); default true. */
  inUnit?: boolean;
}

export interface StatsUnit {
  id: string;
  name: string;
  kind: string;
}

/** Everything the tables are computed from: pure data, so that other counts (nil reports) can join later. */
export interface StatsInput {
  unit: StatsUnit;
  period: StatsPeriod;
  committees: StatsCommittee[];
  rows: StatsCountRow[];
  /** Screening rounds of the unit's subtree held in the period. */
  activities: Partial<Record<ActivityMeasure, number>>;
}

/** The statistics columns of one case, as the server stores them. */
export interface StatsCaseFact {
  id: string;
  committeeId: string | null;
  type: string;
  source: string;
  isGroup: boolean;
  peopleInvolved: number;
  partyCount: number;
  acceptedOn: string;
  concludedOn: string | null;
  outcome: string | null;
  agreementForm: string | null;
  agreementAmount: number;
  courtConfirmation: string | null;
  performance: string | null;
  prevention: Record<'disputes' | 'suicide' | 'suicidePeople' | 'criminal' | 'criminalPeople' | 'petition' | 'petitionPeople' | 'fight' | 'fightPeople', number>;
}

const inRange = (day: string | null, from: string, to: string) => day !== null && day >= from && day <= to;

/** Does a case count in `measure` (and by how much)? The single statement of each counting rule. */
export function caseMeasure(c: StatsCaseFact, measure: StatsMeasure, from: string, to: string): number {
  if ((acceptedMeasures as readonly string[]).includes(measure)) {
    if (!inRange(c.acceptedOn, from, to)) return 0;
    const p = c.prevention;
    switch (measure as AcceptedMeasure) {
      case 'accepted': return 1;
      case 'parties': return c.partyCount;
      case 'multiParty': return c.partyCount >= 3 ? 1 : 0;
      case 'groupCases': return c.isGroup ? 1 : 0;
      case 'groupPeople': return c.isGroup ? c.peopleInvolved : 0;
      case 'prevDisputes': return p.disputes;
      case 'prevSuicide': return p.suicide;
      case 'prevSuicidePeople': return p.suicidePeople;
      case 'prevCriminal': return p.criminal;
      case 'prevCriminalPeople': return p.criminalPeople;
      case 'prevPetition': return p.petition;
      case 'prevPetitionPeople': return p.petitionPeople;
      case 'prevFight': return p.fight;
      case 'prevFightPeople': return p.fightPeople;
    }
  }
  if (c.outcome === null || !inRange(c.concludedOn, from, to)) return 0;
  const success = c.outcome === 'success';
  switch (measure as ConcludedMeasure) {
    case 'mediated': return c.outcome === 'success' || c.outcome === 'failed' ? 1 : 0;
    case 'succeeded': return success ? 1 : 0;
    case 'oral': return c.agreementForm === 'oral' ? 1 : 0;
    case 'written': return c.agreementForm === 'written' ? 1 : 0;
    case 'amount': return c.agreementAmount;
    case 'fulfilled': return c.agreementForm && c.performance === 'fulfilled' ? 1 : 0;
    case 'partial': return c.agreementForm && c.performance === 'partial' ? 1 : 0;
    case 'unfulfilled': return c.agreementForm && c.performance === 'unfulfilled' ? 1 : 0;
    case 'courtApplied': return c.courtConfirmation !== null && c.courtConfirmation !== 'none' ? 1 : 0;
    case 'courtConfirmed': return c.courtConfirmation === 'confirmed' ? 1 : 0;
  }
  return 0;
}

/** The rows the server's SQL gives, counted case by case in memory. */
export function countStatsRows(cases: readonly StatsCaseFact[], from: string, to: string): StatsCountRow[] {
  const groups = new Map<string, StatsCountRow>();
  const all = [...acceptedMeasures, ...concludedMeasures];
  for (const c of cases) {
    for (const measure of all) {
      const n = caseMeasure(c, measure, from, to);
      if (n === 0) continue;
      const key = `${c.committeeId ?? ''}|${c.type}|${c.source}`;
      let row = groups.get(key);
      if (!row) groups.set(key, (row = { committee: c.committeeId, type: c.type, source: c.source, counts: {} }));
      row.counts[measure] = (row.counts[measure] ?? 0) + n;
    }
  }
  return [...groups.values()];
}
