import { describe, expect, it } from 'vitest';
import { isOverdue, today } from './deadlines.ts';

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
