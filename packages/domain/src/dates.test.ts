import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isIsoDate, reportingYear, toShanghaiDate } from './dates.js';

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

describe('isIsoDate', () => {
  it('takes real calendar days only', () => {
    for (const ok of ['2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01', '2026-04-30']) expect(isIsoDate(ok)).toBe(true);
    for (const bad of ['2023-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '20260101', ' 2026-01-01', '2026-01-01T00:00']) {
      expect(isIsoDate(bad)).toBe(false);
    }
  });

  it('agrees with the calendar of Date for any day from year 1 to 9999 and any near miss', () => {
    const viaDate = (v: string) => {
      const d = new Date(`${v}T00:00:00Z`);
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    };
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const v = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        expect(isIsoDate(v)).toBe(viaDate(v));
      }),
      { numRuns: 5000 },
    );
  });
});
