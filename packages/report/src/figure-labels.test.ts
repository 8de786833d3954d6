import { describe, expect, it } from 'vitest';
import { figureValues } from './adjustments.js';
import { computeAnnualReport } from './compute.js';
import { countCaseRows } from './count-cases.js';
import { adjustmentLabel, monthLabel } from './figure-labels.js';
import { randomCaseFacts } from './test-cases.js';

const children = [
  { id: 'c1', name: '东湖社区' },
  { id: 'g.7', name: '七号网格' },
];

describe('adjustmentLabel', () => {
  it('names child units, code-list lines and rate parts in the locale', () => {
    expect(adjustmentLabel('byChild.c1.resolutionRate.numerator', 'zh-CN', children)).toBe('东湖社区 · 化解率（分子）');
    expect(adjustmentLabel('byChild.c1.resolutionRate.numerator', 'en', children)).toBe('东湖社区 · Resolution rate (numerator)');
    expect(adjustmentLabel('byChild.g.7.accepted', 'zh-CN', children)).toBe('七号网格 · 受理');
    expect(adjustmentLabel('byBody.grid_worker.concluded', 'zh-CN')).toMatch(/^[^.]+ · 办结$/);
    expect(adjustmentLabel('byType.labour.accepted', 'en')).toMatch(/^[^.]+ · Accepted$/);
    expect(adjustmentLabel('concludedByOutcome.success', 'zh-CN')).toBe('办结 · 调解成功');
    expect(adjustmentLabel('byMonth.11.accepted', 'zh-CN')).toBe('11月 · 受理');
    expect(adjustmentLabel('byMonth.11.accepted', 'en')).toBe('Nov · Accepted');
    expect(adjustmentLabel('accepted', 'en')).toBe('Accepted');
    expect(adjustmentLabel('resolved', 'zh-CN')).not.toBe(adjustmentLabel('succeeded', 'zh-CN'));
    expect(adjustmentLabel('agreements.courtShare.denominator', 'zh-CN')).toBe('申请司法确认占比（分母）');
  });

  it('keeps a unit id it cannot name and an unknown path as they are', () => {
    expect(adjustmentLabel('byChild.gone.accepted', 'zh-CN', children)).toBe('gone · 受理');
    expect(adjustmentLabel('something.new', 'zh-CN')).toBe('something.new');
  });

  it('reads every path a computed report produces', () => {
    const rows = countCaseRows(randomCaseFacts(300, 2023, ['c1'], 3), {
      node: { id: 's1', name: '清河街道', kind: 'subdistrict', path: '/d1/s1/' },
      year: 2023,
      children: [{ id: 'c1', name: '东湖社区', kind: 'community' }],
      activities: [],
      coverage: [],
    });
    const paths = Object.keys(figureValues(computeAnnualReport(rows).current));
    const unread = paths.filter((p) => {
      const label = adjustmentLabel(p, 'zh-CN', children);
      return label === p || /[a-z]/.test(label);
    });
    expect(unread).toEqual([]);
  });
});

describe('monthLabel', () => {
  it('is 3月 in Chinese and Mar in English', () => {
    expect(monthLabel(3, 'zh-CN')).toBe('3月');
    expect(monthLabel(3, 'en')).toBe('Mar');
  });
});
