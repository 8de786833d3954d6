import { describe, expect, it } from 'vitest';
import { recordedAt } from './recorded-at.js';

const now = '2026-03-05T07:00:00.000Z';

describe('recordedAt', () => {
  it("keeps the phone's time of a record made offline", () => {
    expect(recordedAt('2026-03-05T01:00:00.000Z', now)).toBe('2026-03-05T01:00:00.000Z');
    expect(recordedAt('2026-03-01T09:30:00+08:00', now)).toBe('2026-03-01T01:30:00.000Z');
    expect(recordedAt('2026-03-05T07:03:00.000Z', now)).toBe('2026-03-05T07:03:00.000Z');
  });

  it("takes the server's time for a clock far off, or a time that is not one", () => {
    expect(recordedAt('2026-03-05T08:00:00.000Z', now)).toBe(now);
    expect(recordedAt('2025-10-01T00:00:00.000Z', now)).toBe(now);
    expect(recordedAt('whenever', now)).toBe(now);
    expect(recordedAt('2026-13-45T99:00:00Z', now)).toBe(now);
    expect(recordedAt(undefined, now)).toBe(now);
  });
});
