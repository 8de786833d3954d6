import { describe, expect, it } from 'vitest';
import { caseSchema, newCaseSchema } from './case.js';
import { intakeChannelOf } from './codes.js';
import { defaultIntakeLimits, intakeClocks, intakeLimitsSchema, worstIntakeState, type IntakeClockInput } from './intake.js';
import { zodIssuesToFieldIssues } from './zod-issues.js';

const base = { id: 'c1', gridId: 'g01', type: 'neighbour', facts: '楼上漏水', reportedOn: '2026-12-01', acceptedOn: '2026-12-01' } as const;
const received = '2026-12-01T01:00:00.000Z'; // 09:00 in Shanghai
const order = { channel: 'hotline_12345', number: 'GD20261201-0042', receivedAt: received } as const;
const at = (hours: number) => new Date(Date.parse(received) + hours * 3_600_000);

function codesOf(input: unknown): string[] {
  const r = newCaseSchema.safeParse(input);
  return r.success ? [] : zodIssuesToFieldIssues(r.error).map((i) => `${i.path}:${i.code}`);
}

describe('intake block', () => {
  it('is kept on a case whose source is its channel’s', () => {
    const c = newCaseSchema.parse({ ...base, source: 'hotline_12345', intake: order });
    expect(c.intake).toEqual(order);
    expect(codesOf({ ...base, source: 'referral_court', intake: { channel: 'court', number: '（2026）京0105民诉前调1234号', sender: '朝阳区人民法院', receivedAt: received, deadline: '2026-12-31' } })).toEqual([]);
    expect(codesOf({ ...base, source: 'referral_police', intake: { channel: 'police', sender: '清河派出所', receivedAt: received } })).toEqual([]);
  });

  it('refuses a block that does not match the source, with its own code', () => {
    expect(codesOf({ ...base, source: 'proactive', intake: order })).toEqual(['intake.channel:INTAKE_SOURCE_MISMATCH']);
    expect(codesOf({ ...base, source: 'hotline_12345', intake: { ...order, channel: 'court' } })).toEqual(['intake.channel:INTAKE_SOURCE_MISMATCH']);
    // A stored case is held to it too (every write parses the whole case).
    const stored = { ...base, source: 'referral_police', intake: order, createdBy: 'u', createdAt: received, status: 'accepted', handlingNodeId: 'g01', handlingLevel: 'grid' };
    expect(caseSchema.safeParse(stored).success).toBe(false);
  });

  it('needs the number of a 12345 order or a court delegation, the station or number of a police hand-over, and limits its texts', () => {
    expect(codesOf({ ...base, source: 'hotline_12345', intake: { channel: 'hotline_12345', number: '  ', receivedAt: received } })).toEqual(['intake.number:REQUIRED']);
    expect(codesOf({ ...base, source: 'referral_police', intake: { channel: 'police', receivedAt: received } })).toEqual(['intake.sender:INTAKE_POLICE_SENDER']);
    expect(codesOf({ ...base, source: 'hotline_12345', intake: { ...order, number: 'x'.repeat(51) } })).toEqual(['intake.number:TOO_LONG']);
    expect(codesOf({ ...base, source: 'hotline_12345', intake: { ...order, receivedAt: '2026-12-01 09:00' } })).toEqual(['intake.receivedAt:DATE_FORMAT']);
  });

  it('names the channel a source opens', () => {
    expect(intakeChannelOf('hotline_12345')).toBe('hotline_12345');
    expect(intakeChannelOf('referral_court')).toBe('court');
    expect(intakeChannelOf('referral_police')).toBe('police');
    expect(intakeChannelOf('proactive')).toBeUndefined();
  });
});

describe('channel time limits', () => {
  const open: IntakeClockInput = { status: 'accepted', intake: order };

  it('a 12345 order: contact within 24 h (approaching in the last quarter, then passed), answer within 5 days', () => {
    expect(intakeClocks(open, defaultIntakeLimits, at(2))).toEqual([
      { kind: 'contact', dueAt: '2026-12-02T01:00:00.000Z', state: 'running', minutesLeft: 22 * 60 },
      { kind: 'conclude', dueAt: '2026-12-06T01:00:00.000Z', state: 'running', minutesLeft: 118 * 60 },
    ]);
    expect(intakeClocks(open, defaultIntakeLimits, at(19)).map((c) => c.state)).toEqual(['approaching', 'running']);
    expect(intakeClocks(open, defaultIntakeLimits, at(24)).map((c) => c.state)).toEqual(['passed', 'running']);
    expect(intakeClocks(open, defaultIntakeLimits, at(5 * 24 + 1))).toMatchObject([{ state: 'passed' }, { state: 'passed', minutesLeft: -60 }]);
  });

  it('contact is made by the first session or investigation; late when its day is after the due day', () => {
    const contacted = { ...open, investigations: { v1: { date: '2026-12-02' } } };
    expect(intakeClocks(contacted, defaultIntakeLimits, at(30))[0]!.state).toBe('met');
    expect(intakeClocks({ ...open, sessions: { s1: { date: '2026-12-03' } } }, defaultIntakeLimits, at(60))[0]!.state).toBe('met_late');
  });

  it('concluding meets the answer limit, late when concluded after it', () => {
    const done = (concludedOn: string) => ({ ...open, status: 'concluded', outcome: { concludedOn }, sessions: { s1: { date: '2026-12-01' } } });
    expect(intakeClocks(done('2026-12-06'), defaultIntakeLimits, at(300)).map((c) => c.state)).toEqual(['met', 'met']);
    expect(intakeClocks(done('2026-12-07'), defaultIntakeLimits, at(300)).map((c) => c.state)).toEqual(['met', 'met_late']);
  });

  it('a court delegation: 30 days, or the court’s own deadline when earlier; no contact limit', () => {
    const court: IntakeClockInput = { status: 'accepted', intake: { channel: 'court', receivedAt: received } };
    expect(intakeClocks(court, defaultIntakeLimits, at(1))).toEqual([{ kind: 'conclude', dueAt: '2026-12-31T01:00:00.000Z', state: 'running', minutesLeft: 30 * 24 * 60 - 60 }]);
    const withDeadline = { ...court, intake: { ...court.intake!, deadline: '2026-12-10' } };
    expect(intakeClocks(withDeadline, defaultIntakeLimits, at(1))[0]!.dueAt).toBe('2026-12-10T16:00:00.000Z');
  });

  it('a police hand-over: contact within 24 h only; limits follow the settings; no intake, no clocks', () => {
    const police: IntakeClockInput = { status: 'accepted', intake: { channel: 'police', receivedAt: received } };
    expect(intakeClocks(police, defaultIntakeLimits, at(1)).map((c) => c.kind)).toEqual(['contact']);
    const limits = intakeLimitsSchema.parse({ ...defaultIntakeLimits, police: { contactHours: 2, concludeDays: 10 } });
    expect(intakeClocks(police, limits, at(3)).map((c) => c.state)).toEqual(['passed', 'running']);
    expect(intakeClocks({ status: 'accepted' }, defaultIntakeLimits, at(1))).toEqual([]);
  });

  it('sums up a case by the state most needing attention', () => {
    expect(worstIntakeState(intakeClocks(open, defaultIntakeLimits, at(24)))).toBe('passed');
    expect(worstIntakeState([])).toBeUndefined();
  });
});
