import { caseSources, committeeKinds, disputeTypes, mediatorKinds, preventionKinds, type Locale } from '@tiaojie/domain';
import { statsPeriodLabel, type StatsPeriod } from './stats-period.js';
import type { ActivityMeasure, StatsCountRow, StatsInput, StatsMeasure } from './stats-rows.js';

/**
 * The people's-mediation statistics tables (人民调解统计报表), reconstructed from bulletins and yearbooks (no public
 * copy of the official form): a pure computation over counted rows, so the same tables come out of SQL on either
 * database, of a case-by-case count, or of rows that another count (nil reports) joins later.
 */
export type StatsTableKey = 'types' | 'sources' | 'agreements' | 'people' | 'prevention' | 'organisations';
export const statsTableKeys: readonly StatsTableKey[] = ['types', 'sources', 'agreements', 'people', 'prevention', 'organisations'];

/** What a column counts: a measure of the cases, optionally only some types or sources; or of screening rounds. */
export interface StatsColumnDef {
  key: string;
  measure: StatsMeasure;
  types?: readonly string[];
  sources?: readonly string[];
  /** Screening rounds count here too (in the table's rounds row). */
  activity?: ActivityMeasure;
  zh: string;
  en: string;
  /** Heading above a run of columns (a type, 接受委托移送). */
  group?: { zh: string; en: string };
  /** Money: printed with two decimals. */
  money?: boolean;
}

/** 接受委托移送 and its parts, 12345 among them as the bulletins count it. */
export const referralSources: readonly string[] = ['referral_police', 'referral_court', 'referral_government', 'referral_superior', 'hotline_12345', 'referral_other'];

const measureTitles = {
  accepted: { zh: '受理', en: 'Accepted' },
  mediated: { zh: '调解', en: 'Mediated' },
  succeeded: { zh: '调解成功', en: 'Succeeded' },
} as const;

function typeColumns(): StatsColumnDef[] {
  const out: StatsColumnDef[] = [];
  const groups: { code: string; zh: string; en: string; types?: readonly string[] }[] = [{ code: 'all', zh: '合计', en: 'Total' }, ...disputeTypes.entries.map((e) => ({ ...e, types: [e.code] }))];
  for (const g of groups) {
    for (const m of ['accepted', 'mediated', 'succeeded'] as const) {
      out.push({ key: `type.${g.code}.${m}`, measure: m, ...(g.types ? { types: g.types } : {}), ...measureTitles[m], group: { zh: g.zh, en: g.en } });
    }
  }
  return out;
}

function sourceColumns(): StatsColumnDef[] {
  const label = (code: string) => caseSources.entries.find((e) => e.code === code)!;
  const referralGroup = { zh: '接受委托移送', en: 'Referred or entrusted' };
  return [
    { key: 'source.all.accepted', measure: 'accepted', zh: '受理合计', en: 'Accepted, total' },
    { key: 'source.party_applied.accepted', measure: 'accepted', sources: ['party_applied'], zh: label('party_applied').zh, en: label('party_applied').en },
    { key: 'source.proactive.accepted', measure: 'accepted', sources: ['proactive'], zh: label('proactive').zh, en: label('proactive').en },
    { key: 'source.referral.accepted', measure: 'accepted', sources: referralSources, zh: '小计', en: 'Subtotal', group: referralGroup },
    ...referralSources.map((code): StatsColumnDef => ({ key: `source.${code}.accepted`, measure: 'accepted', sources: [code], zh: label(code).zh, en: label(code).en, group: referralGroup })),
  ];
}

const agreementColumns: StatsColumnDef[] = [
  { key: 'agreement.oral', measure: 'oral', zh: '口头协议', en: 'Oral agreements' },
  { key: 'agreement.written', measure: 'written', zh: '书面协议', en: 'Written agreements' },
  { key: 'agreement.amount', measure: 'amount', zh: '协议涉及金额（元）', en: 'Amount in agreements (yuan)', money: true },
  { key: 'performance.fulfilled', measure: 'fulfilled', zh: '自动履行', en: 'Performed', group: { zh: '履行情况', en: 'Performance' } },
  { key: 'performance.partial', measure: 'partial', zh: '部分履行', en: 'Partly performed', group: { zh: '履行情况', en: 'Performance' } },
  { key: 'performance.unfulfilled', measure: 'unfulfilled', zh: '未履行', en: 'Not performed', group: { zh: '履行情况', en: 'Performance' } },
  { key: 'court.applied', measure: 'courtApplied', zh: '申请司法确认', en: 'Court confirmation applied', group: { zh: '司法确认', en: 'Court confirmation' } },
  { key: 'court.confirmed', measure: 'courtConfirmed', zh: '确认有效', en: 'Confirmed', group: { zh: '司法确认', en: 'Court confirmation' } },
];

const peopleColumns: StatsColumnDef[] = [
  { key: 'people.parties', measure: 'parties', zh: '当事人数（人）', en: 'Parties (people)' },
  { key: 'people.multiParty', measure: 'multiParty', zh: '三方以上当事人纠纷（件）', en: 'Three or more parties (cases)' },
  { key: 'people.groupCases', measure: 'groupCases', zh: '群体性纠纷（件）', en: 'Group disputes (cases)' },
  { key: 'people.groupPeople', measure: 'groupPeople', zh: '群体性纠纷涉及人数（人）', en: 'Group disputes (people)' },
];

function preventionColumns(): StatsColumnDef[] {
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  return [
    { key: 'prevention.disputes', measure: 'prevDisputes', activity: 'prevDisputes', zh: '预防纠纷（件）', en: 'Disputes prevented (cases)' },
    ...preventionKinds.entries.flatMap((e): StatsColumnDef[] => [
      { key: `prevention.${e.code}.cases`, measure: `prev${cap(e.code)}` as StatsMeasure, activity: `prev${cap(e.code)}` as ActivityMeasure, zh: '件', en: 'Cases', group: { zh: e.zh, en: e.en } },
      { key: `prevention.${e.code}.people`, measure: `prev${cap(e.code)}People` as StatsMeasure, activity: `prev${cap(e.code)}People` as ActivityMeasure, zh: '人', en: 'People', group: { zh: e.zh, en: e.en } },
    ]),
  ];
}

const caseTables: { key: Exclude<StatsTableKey, 'organisations'>; zh: string; en: string; columns: () => StatsColumnDef[] }[] = [
  { key: 'types', zh: '人民调解案件统计表（按纠纷类型）', en: 'Mediation cases by dispute type', columns: typeColumns },
  { key: 'sources', zh: '人民调解案件来源统计表', en: 'Mediation cases by source', columns: sourceColumns },
  { key: 'agreements', zh: '调解协议及履行情况统计表', en: 'Agreements and their performance', columns: () => agreementColumns },
  { key: 'people', zh: '当事人及群体性纠纷统计表', en: 'Parties and group disputes', columns: () => peopleColumns },
  { key: 'prevention', zh: '预防纠纷效果统计表', en: 'Prevention', columns: preventionColumns },
];

/** Every column of every case table, by key: what a drill-down reads to find a cell's cases. */
export const statsColumnDefs: ReadonlyMap<string, StatsColumnDef> = new Map(caseTables.flatMap((t) => t.columns().map((c) => [c.key, c] as const)));

/**
 * A sub-district's own titles and order (data, stored as JSON): per table, the columns in the order to print them
 * (unlisted ones follow in the default order unless hidden), each with an optional title.
 */
export interface StatsSettings {
  tables?: Partial<Record<StatsTableKey, { title?: string; columns?: { key: string; title?: string; hidden?: boolean }[] }>>;
}

export interface StatsColumn {
  key: string;
  title: string;
  group?: string;
  money?: boolean;
}

export interface StatsTableRow {
  /** A committee id, or '_none' (no committee named), '_rounds' (screening rounds), '_total', or a committee kind. */
  key: string;
  label: string;
  /** The org node a committee belongs to. */
  node?: string;
  cells: number[];
}

export interface StatsTable {
  key: StatsTableKey;
  title: string;
  columns: StatsColumn[];
  rows: StatsTableRow[];
}

/** The nil-report footnote of a period (set by the server, which reads the nil reports): grids by their status. */
export interface StatsFootnote {
  reported: number;
  nil: number;
  missing: number;
  /** '本期N个网格零上报，M个网格未上报' (nilReportFootnote), printed under every table. */
  text: string;
}

export interface MediationStats {
  unit: StatsInput['unit'];
  period: StatsPeriod;
  periodLabel: string;
  tables: StatsTable[];
  footnote?: StatsFootnote;
}

/**
 * One committee's counts: by measure, and by measure and type or source (a column never crosses a type with a
 * source, so the (type, source) groups are summed into those two margins). Measures are indexes into
 * `measureIndex`'s arrays: a district's year is ~17,000 count rows, and nested maps per measure cost ~20 ms there.
 */
interface Aggregate {
  total: Float64Array;
  byType: Map<string, Float64Array>;
  bySource: Map<string, Float64Array>;
}

/** Every measure a column counts, numbered; a row's other measures (none today) name no column and are skipped. */
const measureIndex = new Map<string, number>();
for (const t of caseTables) for (const d of t.columns()) if (!measureIndex.has(d.measure)) measureIndex.set(d.measure, measureIndex.size);

function aggregate(rows: readonly StatsCountRow[]): Aggregate {
  const width = measureIndex.size;
  const a: Aggregate = { total: new Float64Array(width), byType: new Map(), bySource: new Map() };
  const bucket = (m: Map<string, Float64Array>, key: string) => {
    let b = m.get(key);
    if (!b) m.set(key, (b = new Float64Array(width)));
    return b;
  };
  for (const r of rows) {
    const byType = bucket(a.byType, r.type);
    const bySource = r.source === null ? null : bucket(a.bySource, r.source);
    for (const measure in r.counts) {
      const i = measureIndex.get(measure);
      if (i === undefined) continue;
      const n = r.counts[measure as StatsMeasure] ?? 0;
      a.total[i]! += n;
      byType[i]! += n;
      if (bySource) bySource[i]! += n;
    }
  }
  return a;
}
const round2 = (n: number) => Math.round(n * 100) / 100;

function applySettings(key: StatsTableKey, title: string, columns: (StatsColumn & { index: number })[], settings: StatsSettings | undefined, locale: Locale) {
  const own = settings?.tables?.[key];
  // Titles set by a sub-district are Chinese; the English view keeps its own titles, in the sub-district's order.
  const useTitles = locale !== 'en';
  if (!own) return { title, columns };
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const listed: (StatsColumn & { index: number })[] = [];
  const seen = new Set<string>();
  for (const s of own.columns ?? []) {
    const col = byKey.get(s.key);
    if (!col || seen.has(s.key)) continue;
    seen.add(s.key);
    if (s.hidden) continue;
    listed.push(s.title && useTitles ? { ...col, title: s.title } : col);
  }
  return { title: own.title && useTitles ? own.title : title, columns: [...listed, ...columns.filter((c) => !seen.has(c.key))] };
}

/** The statistics tables of a unit and period, per committee and summed. */
export function computeMediationStats(input: StatsInput, settings?: StatsSettings, locale: Locale = 'zh-CN'): MediationStats {
  const L = (x: { zh: string; en: string }) => (locale === 'en' ? x.en : x.zh);
  const committeeIds = new Set(input.committees.map((c) => c.id));
  // Rows by committee; cases naming a committee outside the unit's list (another unit's) count under "none named".
  const rowsBy = new Map<string, StatsCountRow[]>();
  for (const r of input.rows) {
    const key = r.committee !== null && committeeIds.has(r.committee) ? r.committee : '_none';
    const list = rowsBy.get(key) ?? [];
    list.push(r);
    rowsBy.set(key, list);
  }
  // Each committee's counts by measure, and by measure and type or source: a column is then a lookup or a short sum.
  const aggregates = new Map<string, Aggregate>();
  for (const [key, rows] of rowsBy) aggregates.set(key, aggregate(rows));
  const tables: StatsTable[] = [];
  for (const t of caseTables) {
    const defs = t.columns();
    const shaped = applySettings(
      t.key,
      L(t),
      defs.map((d, index) => ({ key: d.key, title: L(d), ...(d.group ? { group: L(d.group) } : {}), ...(d.money ? { money: true } : {}), index })),
      settings,
      locale,
    );
    const order = shaped.columns.map((c) => defs[c.index]!);
    const sum = (key: string) => {
      const a = aggregates.get(key);
      return order.map((def) => {
        if (!a) return 0;
        const i = measureIndex.get(def.measure)!;
        let n = 0;
        if (def.types) for (const t of def.types) n += a.byType.get(t)?.[i] ?? 0;
        else if (def.sources) for (const src of def.sources) n += a.bySource.get(src)?.[i] ?? 0;
        else n = a.total[i] ?? 0;
        return def.money ? round2(n) : n;
      });
    };
    const listed = input.committees.filter((c) => c.inUnit !== false || rowsBy.has(c.id));
    const rows: StatsTableRow[] = listed.map((c) => ({ key: c.id, label: c.name, node: c.nodeName, cells: sum(c.id) }));
    if (rowsBy.has('_none')) rows.push({ key: '_none', label: L({ zh: '未指明调解委员会', en: 'No committee named' }), cells: sum('_none') });
    if (t.key === 'prevention') {
      rows.push({ key: '_rounds', label: L({ zh: '矛盾纠纷排查', en: 'Screening rounds' }), cells: order.map((def) => (def.activity ? (input.activities[def.activity] ?? 0) : 0)) });
    }
    rows.push({ key: '_total', label: L({ zh: '合计', en: 'Total' }), cells: order.map((def, i) => (def.money ? round2 : (n: number) => n)(rows.reduce((s, r) => s + r.cells[i]!, 0))) });
    const columns = shaped.columns.map(({ index: _index, ...c }) => c);
    tables.push({ key: t.key, title: shaped.title, columns, rows });
  }
  // The screening rounds themselves (排查纠纷, 次) head the prevention table, in its rounds row.
  const prevention = tables.find((t) => t.key === 'prevention')!;
  prevention.columns.unshift({ key: 'prevention.rounds', title: L({ zh: '排查纠纷（次）', en: 'Screening rounds' }) });
  for (const row of prevention.rows) row.cells.unshift(row.key === '_rounds' || row.key === '_total' ? (input.activities.screeningRounds ?? 0) : 0);
  tables.push(organisations(input, settings, locale));
  return { unit: input.unit, period: input.period, periodLabel: statsPeriodLabel(input.period, locale), tables };
}

/** Committees by kind with their mediators (active ones, as the records stand now). */
function organisations(input: StatsInput, settings: StatsSettings | undefined, locale: Locale): StatsTable {
  const L = (x: { zh: string; en: string }) => (locale === 'en' ? x.en : x.zh);
  const full = mediatorKinds.entries.find((e) => e.code === 'full_time')!;
  const part = mediatorKinds.entries.find((e) => e.code === 'part_time')!;
  const defs = [
    { key: 'org.committees', title: L({ zh: '调解委员会（个）', en: 'Committees' }), index: 0 },
    { key: 'org.mediators', title: L({ zh: '调解员（人）', en: 'Mediators' }), index: 1 },
    { key: 'org.fullTime', title: `${L(full)}${L({ zh: '调解员', en: ' mediators' })}`, index: 2 },
    { key: 'org.partTime', title: `${L(part)}${L({ zh: '调解员', en: ' mediators' })}`, index: 3 },
  ];
  const shaped = applySettings('organisations', L({ zh: '人民调解组织统计表', en: 'Mediation organisations' }), defs, settings, locale);
  const active = input.committees.filter((c) => c.active && c.inUnit !== false);
  const cellsOf = (cs: typeof active) => {
    const all = [cs.length, cs.reduce((s, c) => s + c.fullTime + c.partTime, 0), cs.reduce((s, c) => s + c.fullTime, 0), cs.reduce((s, c) => s + c.partTime, 0)];
    return shaped.columns.map((c) => all[c.index]!);
  };
  const rows: StatsTableRow[] = committeeKinds.entries.map((k) => ({ key: k.code, label: L(k), cells: cellsOf(active.filter((c) => c.kind === k.code)) }));
  rows.push({ key: '_total', label: L({ zh: '合计', en: 'Total' }), cells: cellsOf(active) });
  return { key: 'organisations', title: shaped.title, columns: shaped.columns.map(({ index: _index, ...c }) => c), rows };
}

/** The column definition and committee filter behind a cell of a case table, for its drill-down. */
export function statsCellDef(columnKey: string): StatsColumnDef | undefined {
  return statsColumnDefs.get(columnKey);
}
