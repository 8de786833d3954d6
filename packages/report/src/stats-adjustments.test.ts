import { describe, expect, it } from 'vitest';
import { statsAdjustmentLines } from './stats-adjustments.js';
import { parseStatsPeriod } from './stats-period.js';
import { countStatsRows, type StatsInput } from './stats-rows.js';
import { computeMediationStats, type StatsSettings } from './stats-tables.js';
import { statsYearCases } from './stats-test-cases.js';

const period = parseStatsPeriod('2025-Q1')!;
const cases = statsYearCases(2025, ['cc1', null]);
const input = (n: number): StatsInput => ({
  unit: { id: 's1', name: '街道', kind: 'subdistrict' },
  period,
  committees: [{ id: 'cc1', name: '一社区人民调解委员会', kind: 'residential', nodeId: 'c1', nodeName: '一社区', active: true, fullTime: 1, partTime: 0 }],
  rows: countStatsRows(cases.slice(0, n), period.from, period.to),
  activities: { screeningRounds: 0 },
});

describe('adjustments of signed statistics tables', () => {
  it('lists nothing when nothing changed, even when a setting reordered and retitled the columns since', () => {
    const signed = computeMediationStats(input(cases.length), undefined, 'zh-CN');
    const settings: StatsSettings = { tables: { types: { columns: [{ key: 'type.all.succeeded', title: '成功' }] } } };
    expect(statsAdjustmentLines(signed, computeMediationStats(input(cases.length), settings, 'zh-CN'), 'zh-CN')).toEqual([]);
  });

  it('one line per changed cell, current − signed, the total rows and the footnote first', () => {
    const signed = { ...computeMediationStats(input(cases.length), undefined, 'zh-CN'), footnote: { reported: 3, nil: 2, missing: 5, text: '' } };
    const live = { ...computeMediationStats(input(0), undefined, 'zh-CN'), footnote: { reported: 3, nil: 4, missing: 3, text: '' } };
    const lines = statsAdjustmentLines(signed, live, 'zh-CN');
    const total = lines.find((l) => l.path === 'types._total.type.all.accepted')!;
    expect(Number(total.current)).toBe(0);
    expect(total.change).toBe(`-${String(total.signed)}`);
    expect(total.label).toMatch(/^人民调解案件统计表（按纠纷类型）／合计／/);
    expect(lines.find((l) => l.path === 'footnote.nil')).toMatchObject({ signed: 2, current: 4, change: '+2', label: '零上报网格' });
    const firstDetail = lines.findIndex((l) => !l.headline);
    expect(firstDetail).toBeGreaterThan(0);
    expect(lines.slice(firstDetail).every((l) => !l.headline)).toBe(true);
  });
});
