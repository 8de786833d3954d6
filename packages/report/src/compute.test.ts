import fc from 'fast-check';
import { caseSources, disputeTypes, levels, mediatingBodies, outcomes, riskLevels } from '@tiaojie/domain';
import { describe, expect, it } from 'vitest';
import { computeAnnualReport } from './compute.js';
import { countCaseRows, type CaseFact } from './count-cases.js';
import type { ReportRows } from './rows.js';
import { makeCase } from './test-cases.js';
import { reportText } from './text.js';

const Y = 2023;
const children = [
  { id: 'c1', name: '东湖社区', kind: 'community' as const },
  { id: 'c2', name: '西苑社区', kind: 'community' as const },
  { id: 'c3', name: '南岭村', kind: 'community' as const },
];
const base: Omit<ReportRows, 'accepted' | 'concluded' | 'carried' | 'prevention'> = {
  node: { id: 's1', name: '清河街道', kind: 'subdistrict', path: '/d1/s1/' },
  year: Y,
  children,
  activities: [],
  coverage: [],
};
const report = (cases: CaseFact[]) => computeAnnualReport(countCaseRows(cases, base));

const isoDay = (offset: number) => new Date(Date.UTC(Y - 2, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

const caseArb = fc
  .record({
    child: fc.constantFrom('c1', 'c2', 'c3'),
    type: fc.constantFrom(...disputeTypes.codes),
    source: fc.constantFrom(...caseSources.codes),
    risk: fc.constantFrom(...riskLevels.codes),
    isGroup: fc.boolean(),
    accepted: fc.integer({ min: 0, max: 4 * 365 }),
    duration: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    outcome: fc.constantFrom(...outcomes.codes),
    level: fc.constantFrom(...levels.codes),
    body: fc.constantFrom(...mediatingBodies.codes),
    amount: fc.integer({ min: 0, max: 10_000_000 }),
    followUps: fc.integer({ min: 0, max: 3 }),
  })
  .map((r): CaseFact => {
    const concludedOn = r.duration === null ? null : isoDay(r.accepted + r.duration);
    return makeCase({
      id: 'x',
      child: r.child,
      type: r.type,
      source: r.source,
      risk: r.risk,
      isGroup: r.isGroup,
      peopleInvolved: r.isGroup ? 9 : 2,
      acceptedOn: isoDay(r.accepted),
      concludedOn,
      outcome: concludedOn ? r.outcome : null,
      resolvedLevel: concludedOn ? r.level : null,
      body: concludedOn ? r.body : null,
      agreementForm: concludedOn && r.outcome === 'success' ? 'written' : null,
      agreementAmount: concludedOn && r.outcome === 'success' ? r.amount / 100 : 0,
      followUpCount: r.followUps,
    });
  });
const casesArb = fc.array(caseArb, { maxLength: 150 }).map((cs) => cs.map((c, i): CaseFact => ({ ...c, id: `case-${i}` })));

const total = (xs: { accepted: number }[]) => xs.reduce((s, x) => s + x.accepted, 0);

describe('computeAnnualReport', () => {
  it('totals equal the sum over types, months, child nodes, sources and risks, for both years', () => {
    fc.assert(
      fc.property(casesArb, (cases) => {
        const r = report(cases);
        for (const f of [r.current, r.previous]) {
          expect(f.byType).toHaveLength(15);
          expect(total(f.byType)).toBe(f.accepted);
          expect(total(f.byMonth)).toBe(f.accepted);
          expect(total(f.byChild)).toBe(f.accepted);
          expect(total(f.bySource)).toBe(f.accepted);
          expect(total(f.byRisk)).toBe(f.accepted);
          expect(f.byType.reduce((s, t) => s + t.concluded, 0)).toBe(f.concluded);
          expect(f.byMonth.reduce((s, t) => s + t.concluded, 0)).toBe(f.concluded);
          expect(f.byChild.reduce((s, t) => s + t.concluded, 0)).toBe(f.concluded);
          expect(f.byChild.reduce((s, t) => s + t.carriedOver, 0)).toBe(f.carriedOver);
          expect(f.byChild.reduce((s, t) => s + t.openAtYearEnd, 0)).toBe(f.openAtYearEnd);
          expect(f.byLevel.reduce((s, l) => s + l.resolved, 0)).toBe(f.succeeded);
          expect(f.mediated).toBe(f.concludedByOutcome.success + f.concludedByOutcome.failed);
        }
      }),
    );
  });

  it('carried over, concluded and open at year end match a case-by-case count', () => {
    fc.assert(
      fc.property(casesArb, (cases) => {
        const r = report(cases);
        for (const f of [r.current, r.previous]) {
          const start = `${f.year}-01-01`;
          const end = `${f.year}-12-31`;
          const openOn = (c: CaseFact, day: string) => c.acceptedOn <= day && (c.concludedOn === null || c.concludedOn > day);
          const carried = cases.filter((c) => c.acceptedOn < start && (c.concludedOn === null || c.concludedOn >= start));
          expect(f.carriedOver).toBe(carried.length);
          expect(f.openAtYearEnd).toBe(cases.filter((c) => openOn(c, end)).length);
          expect(f.concluded).toBe(cases.filter((c) => c.concludedOn !== null && c.concludedOn >= start && c.concludedOn <= end).length);
        }
      }),
    );
  });

  it('the order in which cases arrive changes no figure and no word of the text', () => {
    fc.assert(
      fc.property(casesArb.chain((cs) => fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length }))), ([cases, shuffled]) => {
        const a = report(cases);
        const b = report(shuffled);
        expect(b).toEqual(a);
        expect(reportText(b).paragraph).toBe(reportText(a).paragraph);
      }),
    );
  });

  it('row order from the database changes nothing either', () => {
    fc.assert(
      fc.property(casesArb, fc.integer(), (cases, seed) => {
        const rows = countCaseRows(cases, base);
        const rot = <T>(xs: T[]) => {
          const k = xs.length ? Math.abs(seed) % xs.length : 0;
          return [...xs.slice(k), ...xs.slice(0, k)].reverse();
        };
        const reordered = { ...rows, accepted: rot(rows.accepted), concluded: rot(rows.concluded), carried: rot(rows.carried) };
        expect(computeAnnualReport(reordered)).toEqual(computeAnnualReport(rows));
      }),
    );
  });

  it('a case accepted on 31 December and concluded in January is accepted in one year and concluded in the next', () => {
    const c = makeCase({
      id: 'nye',
      acceptedOn: `${Y - 1}-12-31`,
      concludedOn: `${Y}-01-05`,
      outcome: 'success',
      resolvedLevel: 'grid',
      body: 'grid_worker',
    });
    const r = report([c]);
    expect(r.previous.accepted).toBe(1);
    expect(r.previous.concluded).toBe(0);
    expect(r.previous.openAtYearEnd).toBe(1);
    expect(r.current.accepted).toBe(0);
    expect(r.current.carriedOver).toBe(1);
    expect(r.current.concluded).toBe(1);
    expect(r.current.byMonth[0]!.concluded).toBe(1);
    expect(r.current.openAtYearEnd).toBe(0);
    expect(r.current.resolutionRate).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('withdrawn and not-accepted cases stay out of the success-rate denominator', () => {
    const concluded = (id: string, outcome: string) =>
      makeCase({ id, acceptedOn: `${Y}-03-01`, concludedOn: `${Y}-03-10`, outcome, resolvedLevel: 'grid', body: 'grid_worker' });
    const r = report([
      concluded('a', 'success'),
      concluded('b', 'success'),
      concluded('c', 'success'),
      concluded('d', 'failed'),
      concluded('e', 'withdrawn'),
      concluded('f', 'not_accepted'),
    ]);
    expect(r.current.successRate).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(r.current.mediated).toBe(4);
    expect(r.current.concluded).toBe(6);
    expect(r.current.resolutionRate).toMatchObject({ numerator: 6, denominator: 6 });
  });

  it('a case escalated from grid to sub-district counts once, at the level that resolved it', () => {
    const escalated = makeCase({
      id: 'esc',
      acceptedOn: `${Y}-05-01`,
      concludedOn: `${Y}-05-20`,
      outcome: 'success',
      resolvedLevel: 'subdistrict',
      body: 'subdistrict_committee',
    });
    const local = makeCase({ id: 'loc', acceptedOn: `${Y}-05-01`, concludedOn: `${Y}-05-02`, outcome: 'success', resolvedLevel: 'grid', body: 'grid_worker' });
    const r = report([escalated, local]);
    const lv = Object.fromEntries(r.current.byLevel.map((l) => [l.key, l]));
    expect(lv.grid!.resolved).toBe(1);
    expect(lv.community!.resolved).toBe(0);
    expect(lv.subdistrict!.resolved).toBe(1);
    expect(lv.subdistrict!.share).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(r.current.succeeded).toBe(2);
    expect(r.current.accepted).toBe(2);
  });
});
