import { describe, expect, it } from 'vitest';
import { formatDateTime } from './date-time.ts';

describe('formatDateTime', () => {
  it("writes an instant the same way everywhere, in China's time", () => {
    expect(formatDateTime('2026-12-07T14:53:23.000Z')).toBe('2026-12-07 22:53');
    expect(formatDateTime('2026-12-31T16:05:00Z')).toBe('2027-01-01 00:05');
    expect(formatDateTime('2026-12-07T14:53:23.000Z', { withYear: false })).toBe('12-07 22:53');
    expect(formatDateTime('not a time')).toBe('not a time');
  });
});
