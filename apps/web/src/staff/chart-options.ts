import { disputeTypes, levels, type Locale } from '@tiaojie/domain';
import { monthLabel } from '@tiaojie/report';
import type { ChartOption } from './charts.ts';
import type { AnnualView } from './report-api.ts';
import type { StaffKey } from './strings.ts';

type Figures = AnnualView['report']['current'];

/** Height of one category row of the by-type bar chart: enough for a 12–14 px label and its bar. */
const TYPE_ROW_PX = 26;

/** Room for the legend above the plot, so it never sits on the axis labels below it. */
const LEGEND_TOP_PX = 36;

/**
 * Dark, saturated colours of clearly different lightness: told apart on screen, on a grey-scale printout and by
 * most colour-blind readers, with black labels readable beside them.
 */
export const CHART_COLOURS = ['#1f4e79', '#c55a11', '#548235', '#7f6000', '#7030a0', '#2f5597'];

/** Bar and line values on the chart itself; a zero says nothing and would crowd the axis, so it is left off. */
const valueLabel = (position: 'top' | 'right') => ({ show: true, position, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') });

export interface StaffCharts {
  month: ChartOption;
  type: ChartOption;
  /** The by-type chart grows with its categories so that every one of them keeps its label. */
  typeHeight: number;
  level: ChartOption;
}

/** The staff screen's three charts, labelled in the locale (ECharts is loaded only when they are drawn). */
export function staffCharts(f: Figures, s: Record<StaffKey, string>, locale: Locale): StaffCharts {
  return {
    month: {
      color: CHART_COLOURS,
      tooltip: { trigger: 'axis' },
      legend: { data: [s.accepted, s.concluded], top: 0 },
      grid: { left: 8, right: 16, top: LEGEND_TOP_PX, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: f.byMonth.map((m) => monthLabel(m.month, locale)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: s.accepted, type: 'bar', data: f.byMonth.map((m) => m.accepted), label: valueLabel('top'), labelLayout: { hideOverlap: true } },
        {
          name: s.concluded,
          type: 'line',
          // Both labels above their mark put 办结 on 受理 wherever the two are equal or close (5/5, 2/1). The
          // higher value's label goes above, so a 办结 at or under its bar's top is labelled below its point, on a
          // white box over the bar; what still collides (a point just above a short bar) keeps only one label.
          data: f.byMonth.map((m) => ({ value: m.concluded, label: { position: m.concluded > m.accepted ? 'top' : 'bottom' } })),
          label: { ...valueLabel('top'), color: CHART_COLOURS[1], backgroundColor: '#fff', padding: [1, 3], borderRadius: 3 },
          labelLayout: { hideOverlap: true },
        },
      ],
    },
    // Horizontal bars: 15 type names read across instead of being thinned out or rotated under a column chart,
    // and long (English) names are cut with the full name in the tooltip, which also suits a narrow window.
    type: {
      color: CHART_COLOURS,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: f.byType.map((t) => disputeTypes.labelOrCode(t.key, locale)),
        axisLabel: { interval: 0, width: 130, overflow: 'truncate' },
        axisTick: { alignWithLabel: true },
      },
      series: [{ name: s.accepted, type: 'bar', data: f.byType.map((t) => t.accepted), barMaxWidth: 18, label: valueLabel('right') }],
    },
    typeHeight: Math.max(160, f.byType.length * TYPE_ROW_PX + 24),
    // Levels that resolved nothing are left out: their zero slices only piled their labels on top of each other.
    // Each slice says its count and share.
    level: {
      color: CHART_COLOURS,
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          label: { show: true, formatter: locale === 'en' ? '{b}\n{c} ({d}%)' : '{b}\n{c}件（{d}%）' },
          labelLine: { show: true },
          data: f.byLevel.filter((l) => l.resolved > 0).map((l) => ({ name: levels.labelOrCode(l.key, locale), value: l.resolved })),
        },
      ],
    },
  };
}
