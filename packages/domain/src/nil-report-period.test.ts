import { describe, expect, it } from 'vitest';
import { monthsToReport, nilReportFootnote, nilReportStatusOver } from './nil-report.js';

describe('nil reports over a quarter or a year', () => {
  it('counts the months of the period that have begun', () => {
    expect(monthsToReport('2025-04-01', '2025-06-30', '2026-01-05')).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(monthsToReport('2025-01-01', '2025-12-31', '2025-03-09')).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(monthsToReport('2024-11-01', '2024-11-30', '2024-11-01')).toEqual(['2024-11']);
    expect(monthsToReport('2025-07-01', '2025-09-30', '2025-06-30')).toEqual([]);
    expect(monthsToReport('2024-01-01', '2024-12-31', '2030-01-01')).toHaveLength(12);
  });

  it('a grid did not report if some month has neither disputes nor a nil report; nil only if every month is nil', () => {
    expect(nilReportStatusOver(['nil', 'nil', 'nil'])).toBe('nil');
    expect(nilReportStatusOver(['nil', 'reported', 'nil'])).toBe('reported');
    expect(nilReportStatusOver(['reported', 'reported', 'missing'])).toBe('missing');
    expect(nilReportStatusOver(['nil', 'missing', 'nil'])).toBe('missing');
    expect(nilReportStatusOver([])).toBe('missing');
  });

  it('says it in full-width Chinese, and in English', () => {
    expect(nilReportFootnote({ nil: 3, missing: 2 })).toBe('本期3个网格零上报，2个网格未上报');
    expect(nilReportFootnote({ nil: 1, missing: 0 }, 'en')).toBe('This period: 1 grid filed nil reports, 0 grids did not report');
  });
});
