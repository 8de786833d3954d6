import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseSchema } from './case.js';
import { levels, riskLevels, type Level, type RiskLevel } from './codes.js';
import { defaultRiskLimits, riskClock, riskLimitsSchema, type RiskClockInput } from './risk-deadline.js';
import { automaticEscalationId } from './risk-since.js';

const created = '2026-12-07T02:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(created) + minutes * 60_000);
const red: RiskClockInput = { risk: 'red', status: 'accepted', handlingLevel: 'grid', createdAt: created };

describe('risk grade time limits', () => {
  it('a red case must reach the sub-district within an hour: running, approaching in the last quarter, then passed and escalating', () => {
    expect(riskClock(red, defaultRiskLimits, at(10))).toMatchObject({ state: 'running', minutesLeft: 50, requiredLevel: 'subdistrict', escalateNow: false, dueAt: '2026-12-07T03:00:00.000Z' });
    expect(riskClock(red, defaultRiskLimits, at(45)).state).toBe('approaching');
    expect(riskClock(red, defaultRiskLimits, at(60))).toMatchObject({ state: 'passed', escalateNow: true });
  });

  it('is met once the case is handled at the required level, or closed', () => {
    expect(riskClock({ ...red, handlingLevel: 'subdistrict' }, defaultRiskLimits, at(90)).state).toBe('met');
    expect(riskClock({ ...red, status: 'concluded' }, defaultRiskLimits, at(90))).toMatchObject({ state: 'met', escalateNow: false });
  });

  it('at the grid level the limit is met when mediation starts (blue: 7 days)', () => {
    const blue: RiskClockInput = { ...red, risk: 'blue' };
    expect(riskClock(blue, defaultRiskLimits, at(7 * 24 * 60))).toMatchObject({ state: 'passed', escalateNow: false, requiredLevel: 'grid' });
    expect(riskClock({ ...blue, status: 'mediating' }, defaultRiskLimits, at(7 * 24 * 60)).state).toBe('met');
  });

  it('counts from the latest change to the current grade', () => {
    const raised = { ...red, riskChanges: { r1: { to: 'red' as const, at: at(600).toISOString() }, r0: { to: 'yellow' as const, at: at(900).toISOString() } } };
    expect(riskClock(raised, defaultRiskLimits, at(630))).toMatchObject({ state: 'running', startedAt: at(600).toISOString() });
  });

  it('uses the sub-district\'s own limits', () => {
    const strict = riskLimitsSchema.parse({ ...defaultRiskLimits, orange: { minutes: 120, level: 'subdistrict', autoEscalate: true } });
    expect(riskClock({ ...red, risk: 'orange' }, strict, at(121))).toMatchObject({ state: 'passed', escalateNow: true, requiredLevel: 'subdistrict' });
  });

  it('never escalates before its limit, always escalates after it while nobody acted (property)', () => {
    const grade = fc.constantFrom<RiskLevel>(...riskLevels.codes);
    const level = fc.constantFrom<Level>(...levels.codes);
    fc.assert(
      fc.property(grade, level, fc.constantFrom('accepted', 'mediating', 'concluded', 'archived' as const), fc.integer({ min: -100, max: 20_000 }), (risk, handlingLevel, status, minutes) => {
        const clock = riskClock({ risk, status, handlingLevel, createdAt: created }, defaultRiskLimits, at(minutes));
        const limit = defaultRiskLimits[risk];
        if (clock.escalateNow) {
          expect(minutes).toBeGreaterThanOrEqual(limit.minutes);
          expect(limit.autoEscalate).toBe(true);
          expect(['accepted', 'mediating']).toContain(status);
          expect(levels.codes.indexOf(handlingLevel)).toBeLessThan(levels.codes.indexOf(limit.level));
        }
        if (clock.state === 'passed') expect(clock.minutesLeft).toBeLessThanOrEqual(0);
        if (clock.state === 'running' || clock.state === 'approaching') expect(clock.minutesLeft).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('names the automatic escalation the same way everywhere', () => {
    expect(automaticEscalationId('red', 'subdistrict')).toBe('auto-red-subdistrict');
  });
});

describe('old risk codes', () => {
  const stored = {
    id: 'c1', createdBy: 'u1', createdAt: created, type: 'neighbour', source: 'proactive', facts: '漏水', reportedOn: '2026-12-01', acceptedOn: '2026-12-01',
    status: 'accepted', gridId: 'g01', handlingNodeId: 'g01', handlingLevel: 'grid',
  };
  it.each([['general', 'blue'], ['major', 'yellow'], ['serious', 'orange'], ['red', 'red']])('a case stored with %s reads as %s', (old, grade) => {
    expect(caseSchema.parse({ ...stored, risk: old }).risk).toBe(grade);
  });
  it('a case stored before flags and grade changes reads with none', () => {
    expect(caseSchema.parse(stored)).toMatchObject({ risk: 'blue', riskFlags: [], riskChanges: {} });
  });
  it('refuses an unknown grade', () => {
    expect(caseSchema.safeParse({ ...stored, risk: 'purple' }).success).toBe(false);
  });
});
