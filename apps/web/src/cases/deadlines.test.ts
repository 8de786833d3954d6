import { describe, expect, it } from 'vitest';
import { followUpDueOn, isFollowUpDue, isOverdue, today } from './deadlines.ts';

describe('isOverdue', () => {
  it('flags an open case only after the one-month deadline', () => {
    expect(isOverdue({ acceptedOn: '2024-01-31', open: true }, '2024-02-29')).toBe(false);
    expect(isOverdue({ acceptedOn: '2024-01-31', open: true }, '2024-03-01')).toBe(true);
    expect(isOverdue({ acceptedOn: '2024-01-31', open: false }, '2024-06-01')).toBe(false);
  });

  it('uses the Shanghai calendar day for today', () => {
    // 17:00 UTC on 31 Dec is already 1 Jan in Shanghai.
    expect(today(new Date('2023-12-31T17:00:00Z'))).toBe('2024-01-01');
  });
});

describe('follow-up visits', () => {
  const base = { outcome: 'success', concludedOn: '2024-03-01', lastFollowUpOn: null, performance: 'pending' };
  it('is due a week after a successful mediation', () => {
    expect(followUpDueOn(base)).toBe('2024-03-08');
    expect(isFollowUpDue(base, '2024-03-07')).toBe(false);
    expect(isFollowUpDue(base, '2024-03-08')).toBe(true);
  });
  it('repeats monthly while the agreement is not performed, and stops once it is', () => {
    expect(followUpDueOn({ ...base, lastFollowUpOn: '2024-03-10', performance: 'partial' })).toBe('2024-04-09');
    expect(followUpDueOn({ ...base, lastFollowUpOn: '2024-03-10', performance: 'fulfilled' })).toBeNull();
  });
  it('is never due for failed or withdrawn cases', () => {
    expect(followUpDueOn({ ...base, outcome: 'failed' })).toBeNull();
  });
});
