import { describe, expect, it } from 'vitest';
import { staffCharts } from './chart-options.ts';
import type { AnnualView } from './report-api.ts';
import { staffStrings } from './strings.ts';

const rate = { numerator: 0, denominator: 0, value: null };
const figures = {
  year: 2026,
  accepted: 0,
  carriedOver: 0,
  concluded: 0,
  openAtYearEnd: 0,
  mediated: 0,
  succeeded: 0,
  successRate: rate,
  resolutionRate: rate,
  byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, accepted: i, concluded: i, succeeded: 0 })),
  byType: Array.from({ length: 15 }, (_, i) => ({ key: `t${i}`, accepted: i, concluded: 0, succeeded: 0 })),
  byLevel: [],
  byChild: [],
} satisfies AnnualView['report']['current'];

type Axis = { data: string[]; axisLabel?: { interval?: number } };

describe('staffCharts', () => {
  it('leaves empty level slices out and labels each slice with its count and share', () => {
    const byLevel = [
      { key: 'grid', resolved: 49, share: rate },
      { key: 'community', resolved: 3, share: rate },
      { key: 'subdistrict', resolved: 0, share: rate },
      { key: 'district', resolved: 0, share: rate },
    ];
    type Pie = { series: { data: { name: string; value: number }[]; label: { show: boolean; formatter: string } }[] };
    const pie = (staffCharts({ ...figures, byLevel }, staffStrings('zh-CN'), 'zh-CN').level as Pie).series[0]!;
    expect(pie.data.map((d) => [d.name, d.value])).toEqual([
      ['网格', 49],
      ['社区（村）', 3],
    ]);
    expect(pie.label.show).toBe(true);
    expect(pie.label.formatter).toContain('{c}');
    expect(pie.label.formatter).toContain('{d}%');
  });

  it('shows the values on the bars and lines, and uses one print-readable palette', () => {
    const charts = staffCharts(figures, staffStrings('zh-CN'), 'zh-CN');
    type Series = { label?: { show: boolean; formatter: (p: { value: number }) => string } };
    const series = [...(charts.month as { series: Series[] }).series, ...(charts.type as { series: Series[] }).series];
    for (const one of series) {
      expect(one.label?.show).toBe(true);
      expect([one.label!.formatter({ value: 7 }), one.label!.formatter({ value: 0 })]).toEqual(['7', '']);
    }
    const colours = [charts.month, charts.type, charts.level].map((c) => (c as { color: string[] }).color);
    expect(new Set(colours.map((c) => c.join()))).toEqual(new Set([colours[0]!.join()]));
    expect(new Set(colours[0]).size).toBe(colours[0]!.length);
  });

  it('never puts the 办结 label on the 受理 label: the lower value of a month is labelled below its point', () => {
    const byMonth = [
      [5, 5],
      [2, 1],
      [3, 4],
      [0, 0],
    ].map(([accepted, concluded], i) => ({ month: i + 1, accepted: accepted!, concluded: concluded!, succeeded: 0 }));
    type Point = { value: number; label: { position: string } };
    type Series = { label: { position: string }; labelLayout: { hideOverlap: boolean }; data: (number | Point)[] };
    const [bars, line] = (staffCharts({ ...figures, byMonth }, staffStrings('zh-CN'), 'zh-CN').month as { series: Series[] }).series;
    expect(bars!.label.position).toBe('top');
    expect(line!.data.map((p) => (typeof p === 'number' ? [p, line!.label.position] : [p.value, p.label.position]))).toEqual([
      [5, 'bottom'],
      [1, 'bottom'],
      [4, 'top'],
      [0, 'bottom'],
    ]);
    // Where a point sits just above a short bar the two can still meet: then one of them is hidden, not overlaid.
    expect([bars!.labelLayout.hideOverlap, line!.labelLayout.hideOverlap]).toEqual([true, true]);
  });

  it('labels months in the locale', () => {
    const en = staffCharts(figures, staffStrings('en'), 'en').month as { xAxis: Axis };
    const zh = staffCharts(figures, staffStrings('zh-CN'), 'zh-CN').month as { xAxis: Axis };
    expect(en.xAxis.data.slice(0, 3)).toEqual(['Jan', 'Feb', 'Mar']);
    expect(zh.xAxis.data[11]).toBe('12月');
  });

  it('puts the month legend above the plot, clear of the axis labels', () => {
    const month = staffCharts(figures, staffStrings('zh-CN'), 'zh-CN').month as { legend: { top: number }; grid: { top: number } };
    expect(month.legend.top).toBe(0);
    expect(month.grid.top).toBeGreaterThanOrEqual(30);
  });

  it('shows every one of the 15 type labels, one row each', () => {
    const charts = staffCharts(figures, staffStrings('zh-CN'), 'zh-CN');
    const type = charts.type as { yAxis: Axis };
    expect(type.yAxis.data).toHaveLength(15);
    expect(type.yAxis.axisLabel?.interval).toBe(0);
    expect(charts.typeHeight).toBeGreaterThanOrEqual(15 * 20);
  });
});
