import { describe, expect, it } from 'vitest';
import { currentPart } from './stats-period-choice.ts';

describe('the statistics period a clerk sees first', () => {
  it('is the one in progress this year, and the last one of a past reporting year', () => {
    expect(currentPart('quarter', 2026, '2026-12-07')).toBe(4);
    expect(currentPart('quarter', 2026, '2026-04-01')).toBe(2);
    expect(currentPart('month', 2026, '2026-12-07')).toBe(12);
    expect(currentPart('quarter', 2025, '2026-02-10')).toBe(4);
    expect(currentPart('month', 2025, '2026-02-10')).toBe(12);
  });
});
