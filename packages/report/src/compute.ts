import {
  activityKinds,
  caseSources,
  disputeTypes,
  levels,
  mediatingBodies,
  outcomes,
  riskLevels,
  type Level,
  type OutcomeCode,
} from '@tiaojie/domain';
import { headlineKeys, type AnnualReport, type ChildLine, type YearFigures } from './figures.js';
import { preventionFigures } from './prevention.js';
import { change, rate, round2 } from './rate.js';
import type { ReportRows } from './rows.js';

const yearOfMonth = (month: string) => Number(month.slice(0, 4));
const monthOfMonth = (month: string) => Number(month.slice(5, 7));

function add(map: Map<string, number>, key: string, n: number) {
  if (n) map.set(key, (map.get(key) ?? 0) + n);
}
const get = (map: Map<string, number>, key: string) => map.get(key) ?? 0;
const sum = (values: Iterable<number>) => {
  let s = 0;
  for (const v of values) s += v;
  return s;
};

/**
 * One calendar year: the report year or the one before. Carried over (上年结转) = accepted before 1 Jan and not
 * concluded before it (concluded_on null or ≥ 1 Jan); open at year end (在办) = carried over + accepted − concluded,
 * since every case concluded in the year was accepted in it or carried into it.
 */
function computeYear(rows: ReportRows, year: number): YearFigures {
  const carriedByChild = new Map<string, number>();
  if (year === rows.year) {
    for (const r of rows.accepted) if (yearOfMonth(r.month) === year - 1) add(carriedByChild, r.child, r.notConcludedBeforeYear);
    for (const r of rows.carried) add(carriedByChild, r.child, r.carriedIntoYear);
  } else {
    for (const r of rows.carried) add(carriedByChild, r.child, r.carriedIntoPreviousYear);
  }
  const isMediated = (o: string) => o === 'success' || o === 'failed';

  const acceptedByType = new Map<string, number>();
  const acceptedBySource = new Map<string, number>();
  const acceptedByRisk = new Map<string, number>();
  const acceptedByMonth = new Map<string, number>();
  const acceptedByChild = new Map<string, number>();
  let groupDisputes = 0;
  let groupPeople = 0;
  for (const r of rows.accepted) {
    if (yearOfMonth(r.month) !== year) continue;
    add(acceptedByType, r.type, r.cases);
    add(acceptedByMonth, String(monthOfMonth(r.month)), r.cases);
    add(acceptedByChild, r.child, r.cases);
    for (const [k, n] of Object.entries(r.bySource)) add(acceptedBySource, k, n);
    for (const [k, n] of Object.entries(r.byRisk)) add(acceptedByRisk, k, n);
    groupDisputes += r.groupCases;
    groupPeople += r.groupPeople;
  }

  const byOutcome = new Map<string, number>();
  const concludedByType = new Map<string, number>();
  const succeededByType = new Map<string, number>();
  const concludedByMonth = new Map<string, number>();
  const succeededByMonth = new Map<string, number>();
  const concludedByChild = new Map<string, number>();
  const mediatedByChild = new Map<string, number>();
  const succeededByChild = new Map<string, number>();
  const resolvedByLevel = new Map<string, number>();
  const bodyConcluded = new Map<string, number>();
  const bodyMediated = new Map<string, number>();
  const bodySucceeded = new Map<string, number>();
  let written = 0;
  let oral = 0;
  let amount = 0;
  let courtApplied = 0;
  let courtConfirmed = 0;
  let followedUp = 0;
  let followUpVisits = 0;
  let preventedCriminal = 0;
  let preventedPetition = 0;
  for (const r of rows.concluded) {
    if (yearOfMonth(r.month) !== year) continue;
    const month = String(monthOfMonth(r.month));
    const outcome = r.outcome;
    const success = outcome === 'success';
    add(byOutcome, outcome, r.cases);
    add(concludedByMonth, month, r.cases);
    add(concludedByChild, r.child, r.cases);
    for (const [k, n] of Object.entries(r.byType)) {
      add(concludedByType, k, n);
      if (success) add(succeededByType, k, n);
    }
    if (r.body) add(bodyConcluded, r.body, r.cases);
    if (isMediated(outcome)) {
      add(mediatedByChild, r.child, r.cases);
      if (r.body) add(bodyMediated, r.body, r.cases);
    }
    if (success) {
      add(succeededByMonth, month, r.cases);
      add(succeededByChild, r.child, r.cases);
      add(resolvedByLevel, r.level ?? 'grid', r.cases);
      if (r.body) add(bodySucceeded, r.body, r.cases);
      followedUp += r.followedUp;
    }
    written += r.writtenAgreements;
    oral += r.oralAgreements;
    amount += r.agreementAmount;
    courtApplied += r.courtApplied;
    courtConfirmed += r.courtConfirmed;
    followUpVisits += r.followUpVisits;
    preventedCriminal += r.preventedCriminal;
    preventedPetition += r.preventedPetition;
  }

  const concludedByOutcome = Object.fromEntries(outcomes.codes.map((o) => [o, get(byOutcome, o)])) as Record<OutcomeCode, number>;
  const totalAccepted = sum(acceptedByType.values());
  const totalConcluded = sum(byOutcome.values());
  const carriedOver = sum(carriedByChild.values());
  const succeeded = concludedByOutcome.success;
  const mediated = concludedByOutcome.success + concludedByOutcome.failed;
  const resolved = succeeded;

  const childList = rows.children.length > 0 ? [...rows.children] : [{ id: rows.node.id, name: rows.node.name, kind: rows.node.kind }];
  const known = new Set(childList.map((c) => c.id));
  const seen = new Set<string>([...acceptedByChild.keys(), ...concludedByChild.keys(), ...carriedByChild.keys()]);
  // A case whose child node no longer exists still counts; it gets its own line so the child total stays whole.
  for (const id of [...seen].sort()) if (!known.has(id)) childList.push({ id, name: id, kind: rows.node.kind });
  const byChild: ChildLine[] = childList.map((c) => {
    const a = get(acceptedByChild, c.id);
    const co = get(carriedByChild, c.id);
    const k = get(concludedByChild, c.id);
    const m = get(mediatedByChild, c.id);
    const s = get(succeededByChild, c.id);
    return {
      id: c.id,
      name: c.name,
      accepted: a,
      carriedOver: co,
      concluded: k,
      mediated: m,
      succeeded: s,
      openAtYearEnd: co + a - k,
      successRate: rate(s, m),
      resolutionRate: rate(k, a + co),
    };
  });

  const activityRows = rows.activities.filter((r) => r.year === year);
  const coverage = rows.coverage.find((r) => r.year === year) ?? { grids: 0, gridWorkers: 0, activeGridWorkers: 0 };

  return {
    year,
    accepted: totalAccepted,
    carriedOver,
    concluded: totalConcluded,
    concludedByOutcome,
    openAtYearEnd: carriedOver + totalAccepted - totalConcluded,
    mediated,
    succeeded,
    successRate: rate(succeeded, mediated),
    resolutionRate: rate(totalConcluded, totalAccepted + carriedOver),
    resolved,
    byLevel: levels.codes.map((key: Level) => ({ key, resolved: get(resolvedByLevel, key), share: rate(get(resolvedByLevel, key), resolved) })),
    byType: disputeTypes.codes.map((key) => ({
      key,
      accepted: get(acceptedByType, key),
      concluded: get(concludedByType, key),
      succeeded: get(succeededByType, key),
    })),
    bySource: caseSources.codes.map((key) => ({ key, accepted: get(acceptedBySource, key) })),
    byRisk: riskLevels.codes.map((key) => ({ key, accepted: get(acceptedByRisk, key) })),
    groupDisputes,
    groupPeople,
    byBody: mediatingBodies.codes.map((key) => ({
      key,
      concluded: get(bodyConcluded, key),
      mediated: get(bodyMediated, key),
      succeeded: get(bodySucceeded, key),
    })),
    byMonth: Array.from({ length: 12 }, (_, i) => {
      const m = String(i + 1);
      return { month: i + 1, accepted: get(acceptedByMonth, m), concluded: get(concludedByMonth, m), succeeded: get(succeededByMonth, m) };
    }),
    byChild,
    activities: activityKinds.codes.map((key) => {
      const mine = activityRows.filter((r) => r.kind === key);
      return {
        key,
        count: sum(mine.map((r) => r.count)),
        participants: sum(mine.map((r) => r.participants)),
        disputesFound: sum(mine.map((r) => r.disputesFound)),
      };
    }),
    coverage: {
      grids: coverage.grids,
      gridWorkers: coverage.gridWorkers,
      activeGridWorkers: coverage.activeGridWorkers,
      activeShare: rate(coverage.activeGridWorkers, coverage.gridWorkers),
    },
    agreements: {
      written,
      oral,
      writtenShare: rate(written, succeeded),
      amount: round2(amount),
      courtApplied,
      courtConfirmed,
      courtShare: rate(courtApplied, written),
      followedUp,
      followUpVisits,
      followUpShare: rate(followedUp, succeeded),
    },
    prevented: { criminal: preventedCriminal, petition: preventedPetition },
    prevention: preventionFigures(rows.prevention.find((r) => r.year === year)),
  };
}

function changesOf(current: YearFigures, previous: YearFigures): AnnualReport['changes'] {
  const changes = Object.fromEntries(headlineKeys.map((k) => [k, change(current[k], previous[k])])) as AnnualReport['changes'];
  changes.successRate = change(current.successRate.value ?? 0, previous.successRate.value ?? 0);
  changes.resolutionRate = change(current.resolutionRate.value ?? 0, previous.resolutionRate.value ?? 0);
  return changes;
}

/** The annual report's figures for `rows.node` and `rows.year`, with the previous year for comparison. */
export function computeAnnualReport(rows: ReportRows): AnnualReport {
  const current = computeYear(rows, rows.year);
  const previous = computeYear(rows, rows.year - 1);
  return { node: rows.node, year: rows.year, current, previous, changes: changesOf(current, previous) };
}

/**
 * The report compared with the previous year's signed figures instead of its live ones: once a year is signed off,
 * its published figures are the ones the next year's report compares with, whatever synced since.
 */
export function compareWithSigned(report: AnnualReport, signed: { figures: YearFigures; version: number; signedAt: string }): AnnualReport {
  if (signed.figures.year !== report.year - 1) throw new Error(`signed figures of ${signed.figures.year} cannot be the previous year of ${report.year}`);
  return {
    ...report,
    previous: signed.figures,
    changes: changesOf(report.current, signed.figures),
    previousSource: { kind: 'signed', version: signed.version, signedAt: signed.signedAt },
  };
}

/** Whether the previous year has anything to compare with: a case accepted or concluded in it. */
export function hasPreviousYearData(report: AnnualReport): boolean {
  return report.previous.accepted > 0 || report.previous.concluded > 0;
}
