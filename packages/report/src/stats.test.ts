import { describe, expect, it } from 'vitest';
import { parseStatsPeriod } from './stats-period.js';
import { countStatsRows, type StatsCommittee, type StatsInput } from './stats-rows.js';
import { computeMediationStats, statsColumnDefs, type MediationStats } from './stats-tables.js';
import { statsYearCases } from './stats-test-cases.js';

const committees: StatsCommittee[] = [
  { id: 'cc1', name: '一社区人民调解委员会', kind: 'residential', nodeId: 'c1', nodeName: '一社区', active: true, fullTime: 1, partTime: 3 },
  { id: 'cs1', name: '街道人民调解委员会', kind: 'subdistrict', nodeId: 's1', nodeName: '街道', active: true, fullTime: 2, partTime: 0 },
  { id: 'ct1', name: '交调委', kind: 'specialised', nodeId: 's1', nodeName: '街道', active: true, fullTime: 1, partTime: 1 },
];

function statsOf(periodId: string, settings?: Parameters<typeof computeMediationStats>[1], locale?: 'zh-CN' | 'en'): MediationStats {
  const period = parseStatsPeriod(periodId)!;
  const input: StatsInput = {
    unit: { id: 's1', name: '街道', kind: 'subdistrict' },
    period,
    committees,
    rows: countStatsRows(statsYearCases(2025, ['cc1', 'cs1', 'ct1', null]), period.from, period.to),
    activities: { screeningRounds: 48, prevDisputes: 5, prevFight: 1, prevFightPeople: 20 },
  };
  return computeMediationStats(input, settings, locale);
}

const cell = (s: MediationStats, table: string, row: string, column: string) => {
  const t = s.tables.find((x) => x.key === table)!;
  const i = t.columns.findIndex((c) => c.key === column);
  if (i < 0) throw new Error(`no column ${column}`);
  return t.rows.find((r) => r.key === row)!.cells[i];
};

describe('people’s-mediation statistics tables', () => {
  it('splits only accepted cases and their parties by source (the other measures are read without the source)', () => {
    const bySource = [...statsColumnDefs.values()].filter((d) => d.sources);
    expect(bySource.length).toBeGreaterThan(5);
    for (const d of bySource) expect(['accepted', 'parties', 'multiParty'], d.key).toContain(d.measure);
  });

  it('reads a row without a source into the types and totals only', () => {
    const period = parseStatsPeriod('2025')!;
    const rows = countStatsRows(statsYearCases(2025, ['cc1', null]), period.from, period.to);
    const input = (r: typeof rows): StatsInput => ({ unit: { id: 's1', name: '街道', kind: 'subdistrict' }, period, committees: [], rows: r, activities: {} });
    const isBySource = (measure: string) => ['accepted', 'parties', 'multiParty'].includes(measure);
    // As the server's queries read them: the accepted measures per source, the others merged across sources.
    const perSource = rows.map((r) => ({ ...r, counts: Object.fromEntries(Object.entries(r.counts).filter(([k]) => isBySource(k))) }));
    const merged = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      const key = `${r.committee}|${r.type}`;
      const m = merged.get(key) ?? { committee: r.committee, type: r.type, source: null, counts: {} };
      for (const [k, n] of Object.entries(r.counts)) {
        if (!isBySource(k)) m.counts[k as keyof typeof m.counts] = (m.counts[k as keyof typeof m.counts] ?? 0) + n;
      }
      merged.set(key, m);
    }
    expect(merged.size).toBeLessThan(rows.length);
    expect(computeMediationStats(input([...perSource, ...merged.values()]))).toEqual(computeMediationStats(input(rows)));
  });

  it('parses months, quarters and years', () => {
    expect(parseStatsPeriod('2025-Q2')).toMatchObject({ kind: 'quarter', from: '2025-04-01', to: '2025-06-30' });
    expect(parseStatsPeriod('2024-02')).toMatchObject({ kind: 'month', from: '2024-02-01', to: '2024-02-29' });
    expect(parseStatsPeriod('2025')).toMatchObject({ kind: 'year', from: '2025-01-01', to: '2025-12-31' });
    expect(parseStatsPeriod('2025-13')).toBeNull();
  });

  it('a generated year gives its known totals', () => {
    const s = statsOf('2025');
    expect(s.periodLabel).toBe('2025年');
    expect(cell(s, 'types', '_total', 'type.all.accepted')).toBe(360);
    expect(cell(s, 'types', '_total', 'type.all.mediated')).toBe(288);
    expect(cell(s, 'types', '_total', 'type.all.succeeded')).toBe(252);
    expect(cell(s, 'types', '_total', 'type.neighbour.accepted')).toBe(24);
    expect(cell(s, 'types', '_total', 'type.neighbour.succeeded')).toBe(12);
    expect(cell(s, 'types', 'cc1', 'type.all.accepted')).toBe(90);
    expect(cell(s, 'types', 'cc1', 'type.all.succeeded')).toBe(54);
    expect(cell(s, 'types', '_none', 'type.all.accepted')).toBe(90);
    expect(cell(s, 'sources', '_total', 'source.referral.accepted')).toBe(256);
    expect(cell(s, 'sources', '_total', 'source.referral_police.accepted')).toBe(52);
    expect(cell(s, 'agreements', '_total', 'agreement.oral')).toBe(108);
    expect(cell(s, 'agreements', '_total', 'agreement.written')).toBe(144);
    expect(cell(s, 'agreements', '_total', 'agreement.amount')).toBe(252_000);
    expect(cell(s, 'agreements', '_total', 'performance.partial')).toBe(84);
    expect(cell(s, 'agreements', '_total', 'court.applied')).toBe(72);
    expect(cell(s, 'agreements', '_total', 'court.confirmed')).toBe(36);
    expect(cell(s, 'people', '_total', 'people.parties')).toBe(40 * 3 + 320 * 2);
    expect(cell(s, 'people', '_total', 'people.multiParty')).toBe(40);
    expect(cell(s, 'people', '_total', 'people.groupCases')).toBe(18);
    expect(cell(s, 'people', '_total', 'people.groupPeople')).toBe(180);
    // Cases and screening rounds together.
    expect(cell(s, 'prevention', '_total', 'prevention.rounds')).toBe(48);
    expect(cell(s, 'prevention', '_total', 'prevention.disputes')).toBe(30 + 5);
    expect(cell(s, 'prevention', '_total', 'prevention.suicide.cases')).toBe(12);
    expect(cell(s, 'prevention', '_total', 'prevention.suicide.people')).toBe(36);
    expect(cell(s, 'prevention', '_rounds', 'prevention.fight.people')).toBe(20);
    expect(cell(s, 'organisations', '_total', 'org.committees')).toBe(3);
    expect(cell(s, 'organisations', 'specialised', 'org.fullTime')).toBe(1);
    expect(cell(s, 'organisations', '_total', 'org.partTime')).toBe(4);
  });

  it('every total is the sum of its rows, and the types sum to the total', () => {
    const s = statsOf('2025-Q3');
    for (const t of s.tables) {
      const total = t.rows.find((r) => r.key === '_total')!;
      t.columns.forEach((_, i) => expect(total.cells[i]).toBeCloseTo(t.rows.filter((r) => r !== total).reduce((sum, r) => sum + r.cells[i]!, 0), 2));
    }
    const types = s.tables.find((t) => t.key === 'types')!;
    const total = types.rows.find((r) => r.key === '_total')!;
    const accepted = types.columns.map((c, i) => [c.key, total.cells[i]!] as const).filter(([k]) => k.endsWith('.accepted') && k !== 'type.all.accepted');
    expect(accepted.reduce((sum, [, n]) => sum + n, 0)).toBe(cell(s, 'types', '_total', 'type.all.accepted'));
    expect(cell(s, 'types', '_total', 'type.all.accepted')).toBe(90);
  });

  it('a sub-district reorders and retitles columns by a setting', () => {
    const s = statsOf('2025', { tables: { agreements: { title: '协议情况', columns: [{ key: 'agreement.written', title: '书面' }, { key: 'agreement.oral', hidden: true }] } } });
    const t = s.tables.find((x) => x.key === 'agreements')!;
    expect(t.title).toBe('协议情况');
    expect(t.columns[0]).toMatchObject({ key: 'agreement.written', title: '书面' });
    expect(t.columns.map((c) => c.key)).not.toContain('agreement.oral');
    expect(t.rows.find((r) => r.key === '_total')!.cells[0]).toBe(144);
    // English keeps its own titles, in the sub-district's order.
    const en = statsOf('2025', { tables: { agreements: { columns: [{ key: 'agreement.written', title: '书面' }] } } }, 'en').tables.find((x) => x.key === 'agreements')!;
    expect(en.columns[0]).toMatchObject({ key: 'agreement.written', title: 'Written agreements' });
  });
});
