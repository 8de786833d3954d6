export type { AcceptedCountRow, ConcludedCountRow, CarriedCountRow, ActivityRow, CoverageRow, ReportNode, ReportRows } from './rows.js';
export type {
  AnnualReport,
  YearFigures,
  TypeLine,
  CountLine,
  BodyLine,
  LevelLine,
  MonthLine,
  ChildLine,
  ActivityLine,
  HeadlineKey,
  PreviousYearSource,
} from './figures.js';
export { headlineKeys } from './figures.js';
export { rate, formatPercent, formatRateWithRatio, change, round2, type Rate, type Change } from './rate.js';
export { computeAnnualReport, compareWithSigned, hasPreviousYearData } from './compute.js';
export { countCaseRows, type CaseFact, type ScreeningByYear } from './count-cases.js';
export { preventionFigureNames, preventionLabel, type PreventionFigures, type PreventionRow } from './prevention.js';
export { reportText, comparisonBasis, type ReportText } from './text.js';
export { reportTables, numericColumns, type ReportTable, type Cell } from './tables.js';
export { countingBasis, type ComparisonBasis } from './basis.js';
export { formatAmount, formatCount } from './format.js';
export { figureValues, adjustmentsSince, adjustmentLines, adjustmentLineSchema, type Adjustment, type AdjustmentLine } from './adjustments.js';
export { drillFigures, type DrillFigure } from './drill.js';
export { makeCase, randomCaseFacts } from './test-cases.js';
export { adjustmentLabel, figureLabel, monthLabel, type FigureName } from './figure-labels.js';
export { displayCaseNo, shortCaseId, parseShortCaseNo } from './case-number.js';
export { parseStatsPeriod, statsPeriodLabel, type StatsPeriod } from './stats-period.js';
export {
  acceptedMeasures,
  concludedMeasures,
  activityMeasures,
  caseMeasure,
  countStatsRows,
  type StatsCountRow,
  type StatsCommittee,
  type StatsInput,
  type StatsCaseFact,
  type StatsMeasure,
  type ActivityMeasure,
} from './stats-rows.js';
export {
  computeMediationStats,
  statsColumnDefs,
  statsCellDef,
  statsTableKeys,
  referralSources,
  type MediationStats,
  type StatsFootnote,
  type StatsTable,
  type StatsTableRow,
  type StatsColumn,
  type StatsColumnDef,
  type StatsSettings,
  type StatsTableKey,
} from './stats-tables.js';
export { statsYearCases, noStatsPrevention } from './stats-test-cases.js';
export { statsAdjustmentLines } from './stats-adjustments.js';
