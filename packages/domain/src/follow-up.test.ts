import { describe, expect, it } from 'vitest';
import { followUpDueOn } from './follow-up.js';

describe('follow-up visits', () => {
  const base = { outcome: 'success', concludedOn: '2024-03-01', lastFollowUpOn: null, performance: 'pending' };
  it('is due a week after a successful mediation', () => {
    expect(followUpDueOn(base)).toBe('2024-03-08');
  });
  it('repeats monthly while the agreement is not performed, and stops once it is', () => {
    expect(followUpDueOn({ ...base, lastFollowUpOn: '2024-03-10', performance: 'partial' })).toBe('2024-04-09');
    expect(followUpDueOn({ ...base, lastFollowUpOn: '2024-03-10', performance: 'unfulfilled' })).toBe('2024-04-09');
    expect(followUpDueOn({ ...base, lastFollowUpOn: '2024-03-10', performance: 'fulfilled' })).toBeNull();
  });
  it('is never due for failed or withdrawn cases, nor before conclusion', () => {
    expect(followUpDueOn({ ...base, outcome: 'failed' })).toBeNull();
    expect(followUpDueOn({ ...base, concludedOn: null })).toBeNull();
  });
});
