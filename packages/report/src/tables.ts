import {
  activityKinds,
  caseSources,
  disputeTypes,
  levels,
  mediatingBodies,
  riskLevels,
  type Locale,
} from '@tiaojie/domain';
import { countingBasis } from './basis.js';
import { figureLabel, type FigureName } from './figure-labels.js';
import type { AnnualReport } from './figures.js';
import { preventionFigureNames, preventionLabel } from './prevention.js';
import { formatPercent, type Rate } from './rate.js';

export type Cell = string | number;

/** A table ready for the screen, XLSX, CSV and the print view. `figure`/`keys` let a row open its drill-down. */
export interface ReportTable {
  id: 'summary' | 'byType' | 'bySource' | 'byBody' | 'byLevel' | 'byRisk' | 'byMonth' | 'byChild' | 'activities';
  title: string;
  columns: string[];
  rows: Cell[][];
  /** The drill-down figure behind each row and its key (same order as rows); absent when none. */
  drill?: { figure: string; key: string }[];
  note?: string;
}

const t = (locale: Locale, zh: string, en: string) => (locale === 'en' ? en : zh);
/** A figure the stored (signed) report did not record: not a zero. */
const NOT_RECORDED = '—';
const pct = (r: Rate) => formatPercent(r);
const ratio = (r: Rate) => `${r.numerator}/${r.denominator}`;

export function reportTables(report: AnnualReport, locale: Locale = 'zh-CN'): ReportTable[] {
  const f = report.current;
  const p = report.previous;
  const basis = countingBasis(report.year, locale);
  const L = (zh: string, en: string) => t(locale, zh, en);
  // Figure names come from the list the adjustments use too, so a figure reads the same in both.
  const F = (name: FigureName) => figureLabel(name, locale);

  const summaryRow = (label: string, cur: number | string, prev: number | string, b: string): Cell[] => [label, cur, prev, b];
  // Prevention outcomes by the statistics tables' rules. A report signed before it carried them keeps its own two
  // rows (flags on concluded cases) as it was signed; a previous year signed then shows its figures as not recorded.
  const fp = f.prevention;
  const pp = p.prevention;
  const preventionRows: Cell[][] = fp
    ? preventionFigureNames.map((k, i) => summaryRow(preventionLabel(k, locale), fp[k], pp ? pp[k] : NOT_RECORDED, i === 0 ? basis.prevention! : ''))
    : [
        summaryRow(F('criminal'), f.prevented.criminal, p.prevented.criminal, ''),
        summaryRow(F('petition'), f.prevented.petition, p.prevented.petition, ''),
      ];
  const preventionDrill = fp
    ? preventionFigureNames.map(() => ({ figure: '', key: '' }))
    : [
        { figure: 'preventedCriminal', key: '' },
        { figure: 'preventedPetition', key: '' },
      ];
  const summary: ReportTable = {
    id: 'summary',
    title: L('主要指标', 'Headline figures'),
    columns: [L('指标', 'Figure'), `${report.year}`, `${report.year - 1}`, L('统计口径', 'Counting basis')],
    rows: [
      summaryRow(F('accepted'), f.accepted, p.accepted, basis.accepted!),
      summaryRow(F('carriedOver'), f.carriedOver, p.carriedOver, basis.carriedOver!),
      summaryRow(F('concluded'), f.concluded, p.concluded, basis.concluded!),
      summaryRow(L('  其中：调解成功', '  of which mediated successfully'), f.concludedByOutcome.success, p.concludedByOutcome.success, ''),
      summaryRow(L('  其中：调解不成', '  of which mediation failed'), f.concludedByOutcome.failed, p.concludedByOutcome.failed, ''),
      summaryRow(L('  其中：当事人撤回', '  of which withdrawn'), f.concludedByOutcome.withdrawn, p.concludedByOutcome.withdrawn, ''),
      summaryRow(L('  其中：不予受理', '  of which not accepted'), f.concludedByOutcome.not_accepted, p.concludedByOutcome.not_accepted, ''),
      summaryRow(F('openAtYearEnd'), f.openAtYearEnd, p.openAtYearEnd, basis.openAtYearEnd!),
      summaryRow(F('mediated'), f.mediated, p.mediated, basis.mediated!),
      summaryRow(
        F('successRate'),
        `${pct(f.successRate)} (${ratio(f.successRate)})`,
        `${pct(p.successRate)} (${ratio(p.successRate)})`,
        basis.successRate!,
      ),
      summaryRow(
        F('resolutionRate'),
        `${pct(f.resolutionRate)} (${ratio(f.resolutionRate)})`,
        `${pct(p.resolutionRate)} (${ratio(p.resolutionRate)})`,
        basis.resolutionRate!,
      ),
      summaryRow(F('groupDisputes'), f.groupDisputes, p.groupDisputes, basis.groupDisputes!),
      summaryRow(F('grids'), f.coverage.grids, p.coverage.grids, basis.coverage!),
      summaryRow(
        F('activeGridWorkers'),
        `${f.coverage.activeGridWorkers}/${f.coverage.gridWorkers}`,
        `${p.coverage.activeGridWorkers}/${p.coverage.gridWorkers}`,
        '',
      ),
      summaryRow(F('written'), f.agreements.written, p.agreements.written, basis.agreements!),
      summaryRow(F('oral'), f.agreements.oral, p.agreements.oral, ''),
      summaryRow(F('amount'), f.agreements.amount, p.agreements.amount, ''),
      summaryRow(F('courtApplied'), f.agreements.courtApplied, p.agreements.courtApplied, ''),
      summaryRow(F('courtConfirmed'), f.agreements.courtConfirmed, p.agreements.courtConfirmed, ''),
      summaryRow(F('followedUp'), f.agreements.followedUp, p.agreements.followedUp, ''),
      ...preventionRows,
    ],
    drill: [
      { figure: 'accepted', key: '' },
      { figure: 'carriedOver', key: '' },
      { figure: 'concluded', key: '' },
      { figure: 'outcome', key: 'success' },
      { figure: 'outcome', key: 'failed' },
      { figure: 'outcome', key: 'withdrawn' },
      { figure: 'outcome', key: 'not_accepted' },
      { figure: 'openAtYearEnd', key: '' },
      { figure: 'mediated', key: '' },
      { figure: 'outcome', key: 'success' },
      { figure: 'concluded', key: '' },
      { figure: 'group', key: '' },
      { figure: '', key: '' },
      { figure: '', key: '' },
      { figure: 'agreement', key: 'written' },
      { figure: 'agreement', key: 'oral' },
      { figure: 'agreement', key: '' },
      { figure: 'court', key: 'applied' },
      { figure: 'court', key: 'confirmed' },
      { figure: 'followedUp', key: '' },
      ...preventionDrill,
    ],
    note: basis.period!,
  };

  const total = (label: string, values: number[]) => [label, ...values];
  const byType: ReportTable = {
    id: 'byType',
    title: L('按纠纷类型', 'By dispute type'),
    columns: [L('纠纷类型', 'Type'), F('accepted'), F('concluded'), F('succeeded')],
    rows: [
      ...f.byType.map((l) => [disputeTypes.label(l.key, locale), l.accepted, l.concluded, l.succeeded]),
      total(L('合计', 'Total'), [f.accepted, f.concluded, f.succeeded]),
    ],
    drill: [...f.byType.map((l) => ({ figure: 'type', key: l.key })), { figure: 'accepted', key: '' }],
  };
  const bySource: ReportTable = {
    id: 'bySource',
    title: L('按案件来源', 'By source'),
    columns: [L('来源', 'Source'), F('accepted')],
    rows: [...f.bySource.map((l) => [caseSources.label(l.key, locale), l.accepted]), total(L('合计', 'Total'), [f.accepted])],
    drill: [...f.bySource.map((l) => ({ figure: 'source', key: l.key })), { figure: 'accepted', key: '' }],
  };
  const byBody: ReportTable = {
    id: 'byBody',
    title: L('按调解组织', 'By mediating body'),
    columns: [L('调解组织', 'Body'), F('concluded'), F('mediated'), F('succeeded')],
    rows: f.byBody.map((l) => [mediatingBodies.label(l.key, locale), l.concluded, l.mediated, l.succeeded]),
    drill: f.byBody.map((l) => ({ figure: 'body', key: l.key })),
  };
  const byLevel: ReportTable = {
    id: 'byLevel',
    title: L('按化解层级', 'By level resolved'),
    columns: [L('层级', 'Level'), F('resolved'), F('share')],
    rows: [
      ...f.byLevel.map((l) => [levels.label(l.key, locale), l.resolved, `${pct(l.share)} (${ratio(l.share)})`]),
      total(L('合计', 'Total'), [f.resolved]),
    ],
    drill: [...f.byLevel.map((l) => ({ figure: 'level', key: l.key })), { figure: 'outcome', key: 'success' }],
    note: basis.levelShares!,
  };
  const byRisk: ReportTable = {
    id: 'byRisk',
    title: L('按风险等级', 'By risk level'),
    columns: [L('风险等级', 'Risk'), F('accepted')],
    rows: [...f.byRisk.map((l) => [riskLevels.label(l.key, locale), l.accepted]), total(L('合计', 'Total'), [f.accepted])],
    drill: [...f.byRisk.map((l) => ({ figure: 'risk', key: l.key })), { figure: 'accepted', key: '' }],
  };
  const byMonth: ReportTable = {
    id: 'byMonth',
    title: L('按月份', 'By month'),
    columns: [L('月份', 'Month'), F('accepted'), F('concluded'), F('succeeded')],
    rows: [
      ...f.byMonth.map((l) => [L(`${l.month}月`, `${report.year}-${String(l.month).padStart(2, '0')}`), l.accepted, l.concluded, l.succeeded]),
      total(L('合计', 'Total'), [f.accepted, f.concluded, f.succeeded]),
    ],
    drill: [...f.byMonth.map((l) => ({ figure: 'month', key: String(l.month) })), { figure: 'accepted', key: '' }],
  };
  const byChild: ReportTable = {
    id: 'byChild',
    title: L('按下级单位', 'By unit'),
    columns: [
      L('单位', 'Unit'),
      F('accepted'),
      F('carriedOver'),
      F('concluded'),
      F('mediated'),
      F('succeeded'),
      F('openAtYearEnd'),
      F('successRate'),
      F('resolutionRate'),
    ],
    rows: [
      ...f.byChild.map((c) => [
        c.name,
        c.accepted,
        c.carriedOver,
        c.concluded,
        c.mediated,
        c.succeeded,
        c.openAtYearEnd,
        `${pct(c.successRate)} (${ratio(c.successRate)})`,
        `${pct(c.resolutionRate)} (${ratio(c.resolutionRate)})`,
      ]),
      [
        L('合计', 'Total'),
        f.accepted,
        f.carriedOver,
        f.concluded,
        f.mediated,
        f.succeeded,
        f.openAtYearEnd,
        `${pct(f.successRate)} (${ratio(f.successRate)})`,
        `${pct(f.resolutionRate)} (${ratio(f.resolutionRate)})`,
      ],
    ],
    drill: [...f.byChild.map((c) => ({ figure: 'child', key: c.id })), { figure: 'accepted', key: '' }],
  };
  const activities: ReportTable = {
    id: 'activities',
    title: L('工作台账', 'Activities'),
    columns: [L('活动', 'Activity'), F('count'), F('participants'), F('disputesFound')],
    rows: f.activities.map((a) => [activityKinds.label(a.key, locale), a.count, a.participants, a.disputesFound]),
    note: basis.activities!,
  };
  return [summary, byType, bySource, byBody, byLevel, byRisk, byMonth, byChild, activities];
}

// Counts, percentages with their ratio ('95.0% (19/20)'), 'a/b' and '—' read as numbers; anything with letters or
// CJK text (names, the counting basis) does not.
const numericText = /^[\d\s.,%()/+−—-]*\d[\d\s.,%()/+−—-]*$|^—$/;

/**
 * Which columns hold numbers (to be right-aligned, header included): every filled cell below the header is numeric.
 * The first column always names the row.
 */
export function numericColumns(table: Pick<ReportTable, 'columns' | 'rows'>): boolean[] {
  return table.columns.map((_, j) => {
    if (j === 0) return false;
    const filled = table.rows.map((r) => r[j]).filter((c) => c !== undefined && c !== '');
    return filled.length > 0 && filled.every((c) => typeof c === 'number' || numericText.test(c!));
  });
}
