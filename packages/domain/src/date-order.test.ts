import { describe, expect, it } from 'vitest';
import { dateBoundsFor, dateOrderIssues } from './date-order.js';
import { messageFor } from './errors.js';

const base = { reportedOn: '2024-03-01', acceptedOn: '2024-03-02' };
const codes = (c: Parameters<typeof dateOrderIssues>[0]) => dateOrderIssues(c).map((i) => `${i.path}:${i.code}`);

describe('date-order rule', () => {
  it('holds found ≤ accepted ≤ concluded, same days allowed', () => {
    expect(codes({ ...base, outcome: { concludedOn: '2024-03-02' } })).toEqual([]);
    expect(codes({ reportedOn: '2024-03-03', acceptedOn: '2024-03-02' })).toEqual(['acceptedOn:DATE_ORDER']);
    expect(codes({ ...base, outcome: { concludedOn: '2024-03-01' } })).toEqual(['outcome.concludedOn:CONCLUDED_BEFORE_ACCEPTED']);
  });

  it('keeps sessions and the agreement between acceptance and conclusion', () => {
    const sessions = { a: { date: '2024-03-01' }, b: { date: '2024-03-02' }, c: { date: '2024-03-10' }, d: { date: '2024-03-11' } };
    expect(codes({ ...base, sessions })).toEqual(['sessions.a.date:SESSION_OUTSIDE_CASE']);
    expect(codes({ ...base, sessions, outcome: { concludedOn: '2024-03-10' } })).toEqual(['sessions.a.date:SESSION_OUTSIDE_CASE', 'sessions.d.date:SESSION_OUTSIDE_CASE']);
    expect(codes({ ...base, agreement: { signedOn: '2024-03-11' }, outcome: { concludedOn: '2024-03-10' } })).toEqual(['agreement.signedOn:AGREEMENT_OUTSIDE_CASE']);
    const escalations = { e0: { date: '2024-03-01' }, e1: { date: '2024-03-05' }, e2: { date: '2024-03-12' } };
    expect(codes({ ...base, escalations, outcome: { concludedOn: '2024-03-10' } })).toEqual(['escalations.e0.date:ESCALATION_OUTSIDE_CASE', 'escalations.e2.date:ESCALATION_OUTSIDE_CASE']);
  });

  it('puts visits after the agreement, or the conclusion, and never before acceptance', () => {
    const followUps = { v: { date: '2024-03-05' } };
    expect(codes({ ...base, followUps, outcome: { concludedOn: '2024-03-06' } })).toEqual(['followUps.v.date:FOLLOW_UP_TOO_EARLY']);
    // Signed before the (later) conclusion: a reopened case concluded again keeps its earlier visits.
    expect(codes({ ...base, followUps, agreement: { signedOn: '2024-03-04' }, outcome: { concludedOn: '2024-03-20' } })).toEqual([]);
    expect(codes({ ...base, followUps: { v: { date: '2024-03-01' } } })).toEqual(['followUps.v.date:FOLLOW_UP_TOO_EARLY']);
  });

  it('leaves dates that are not dates to the format check and names every code in Chinese', () => {
    expect(codes({ ...base, outcome: { concludedOn: '2024-02-30' }, sessions: { a: { date: 'x' } } })).toEqual([]);
    for (const code of ['CONCLUDED_BEFORE_ACCEPTED', 'SESSION_OUTSIDE_CASE', 'ESCALATION_OUTSIDE_CASE', 'AGREEMENT_OUTSIDE_CASE', 'FOLLOW_UP_TOO_EARLY', 'DATES_OUT_OF_ORDER']) {
      expect(messageFor(code)).not.toBe(code);
    }
  });

  it('gives forms the bounds the rule checks', () => {
    expect(dateBoundsFor('session', { ...base, outcome: { concludedOn: '2024-03-10' } })).toEqual({ min: '2024-03-02', max: '2024-03-10' });
    expect(dateBoundsFor('followUp', { ...base, outcome: { concludedOn: '2024-03-10' } })).toEqual({ min: '2024-03-10' });
  });
});
