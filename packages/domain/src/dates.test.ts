import { describe, expect, it } from 'vitest';
import { reportingYear, toShanghaiDate } from './dates.js';

describe('reportingYear', () => {
  it('is the year just closed in January and February, the running year from March', () => {
    expect(reportingYear('2027-01-05')).toBe(2026);
    expect(reportingYear('2027-02-28')).toBe(2026);
    expect(reportingYear('2027-03-01')).toBe(2027);
    expect(reportingYear('2026-12-02')).toBe(2026);
  });

  it('reads the day in Shanghai: 31 Dec 20:00 UTC is already January there', () => {
    expect(reportingYear(toShanghaiDate(Date.UTC(2026, 11, 31, 20)))).toBe(2026);
    expect(toShanghaiDate(Date.UTC(2026, 11, 31, 20))).toBe('2027-01-01');
  });
});
