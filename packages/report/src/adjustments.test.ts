import { describe, expect, it } from 'vitest';
import { adjustmentLines, adjustmentsSince } from './adjustments.js';
import { computeAnnualReport } from './compute.js';
import { countCaseRows } from './count-cases.js';
import { makeCase, randomCaseFacts } from './test-cases.js';

const base = {
  node: { id: 's1', name: '清河街道', kind: 'subdistrict' as const, path: '/d1/s1/' },
  year: 2023,
  children: [{ id: 'c1', name: '东湖社区', kind: 'community' as const }],
  activities: [],
  coverage: [],
};

describe('adjustmentsSince', () => {
  it('is empty when nothing changed and names each changed figure with current − locked', () => {
    const cases = randomCaseFacts(300, 2023, ['c1'], 7);
    const locked = computeAnnualReport(countCaseRows(cases, base)).current;
    expect(adjustmentsSince(locked, locked)).toEqual([]);
    const late = makeCase({ id: 'late', acceptedOn: '2023-11-30', concludedOn: '2023-12-02', outcome: 'success', type: 'labour', resolvedLevel: 'grid', body: 'grid_worker' });
    const now = computeAnnualReport(countCaseRows([...cases, late], base)).current;
    const adj = Object.fromEntries(adjustmentsSince(locked, now).map((a) => [a.path, a]));
    expect(adj.accepted).toEqual({ path: 'accepted', locked: locked.accepted, current: locked.accepted + 1, delta: 1 });
    expect(adj['byType.labour.accepted']!.delta).toBe(1);
    expect(adj['concludedByOutcome.success']!.delta).toBe(1);
    expect(adj['byMonth.11.accepted']!.delta).toBe(1);
    expect(adj['byType.neighbour.accepted']).toBeUndefined();
    const depths = adjustmentsSince(locked, now).map((a) => a.path.split('.').length);
    expect(depths).toEqual([...depths].sort((x, y) => x - y));
  });
});

describe('adjustmentLines', () => {
  // Signed with 56 accepted and concluded (50 succeeded), one late case accepted and mediated successfully since.
  const signedCases = Array.from({ length: 56 }, (_, i) =>
    makeCase({ id: `s${i}`, acceptedOn: '2023-03-01', concludedOn: '2023-03-20', outcome: i < 50 ? 'success' : 'failed', resolvedLevel: 'grid', body: 'grid_worker' }),
  );
  const late = makeCase({ id: 'late', acceptedOn: '2023-11-30', concludedOn: '2023-12-02', outcome: 'success', resolvedLevel: 'district', body: 'court_linked' });
  const locked = computeAnnualReport(countCaseRows(signedCases, base)).current;
  const now = computeAnnualReport(countCaseRows([...signedCases, late], base)).current;

  it('puts the changed headline figures first, signed → current with the difference', () => {
    const lines = adjustmentLines(locked, now, 'zh-CN');
    const headline = lines.filter((l) => l.headline);
    expect(lines.slice(0, headline.length)).toEqual(headline);
    expect(headline.map((l) => l.label)).toEqual(['受理', '办结', '调解', '调解成功', '调解成功率', '化解率']);
    expect(headline[0]).toMatchObject({ path: 'accepted', signed: 56, current: 57, change: '+1', drill: { figure: 'accepted', key: '' } });
    expect(headline.find((l) => l.path === 'successRate')).toMatchObject({ signed: '89.3% (50/56)', current: '89.5% (51/57)', change: '+0.2个百分点' });
    expect(adjustmentLines(locked, now, 'en').find((l) => l.path === 'successRate')!.change).toBe('+0.2 pts');
  });

  it('shows a rate as one line with its numerator and denominator, never a line per part, and no duplicate of 调解成功', () => {
    const lines = adjustmentLines(locked, now, 'zh-CN');
    expect(lines.map((l) => l.label).filter((l) => /分子|分母|numerator|denominator/.test(l))).toEqual([]);
    expect(lines.map((l) => l.label)).not.toContain('各层级合计 · 调解成功');
    const above = lines.find((l) => l.path === 'byLevel.district.share')!;
    expect(above).toMatchObject({ label: '区县及以上 · 占比', signed: '0.0% (0/50)', current: '2.0% (1/51)', headline: false });
    // Every changed number is in exactly one line: the raw list has a row per rate part, the lines do not.
    const raw = adjustmentsSince(locked, now);
    const covered = new Set(lines.flatMap((l) => [l.path, `${l.path}.numerator`, `${l.path}.denominator`]));
    expect(raw.filter((a) => !covered.has(a.path)).map((a) => a.path)).toEqual(['resolved']);
    expect(lines.length).toBeLessThan(raw.length);
  });

  it('is empty when nothing changed', () => {
    expect(adjustmentLines(locked, locked, 'zh-CN')).toEqual([]);
  });
});

describe('adjustmentLines: a rate’s change is the change of what is printed', () => {
  it('reads 0.0 when both printed rates are equal (50.75% → 50.85% both print 50.8%), keeping the line for its changed ratio', () => {
    const mediated = (id: string, success: boolean) =>
      makeCase({ id, acceptedOn: '2023-03-01', concludedOn: '2023-03-20', outcome: success ? 'success' : 'failed', resolvedLevel: 'grid', body: 'grid_worker' });
    const signed = Array.from({ length: 400 }, (_, i) => mediated(`s${i}`, i < 203));
    const late = Array.from({ length: 13 }, (_, i) => mediated(`l${i}`, i < 7));
    const locked = computeAnnualReport(countCaseRows(signed, base)).current;
    const now = computeAnnualReport(countCaseRows([...signed, ...late], base)).current;
    const line = adjustmentLines(locked, now, 'zh-CN').find((l) => l.path === 'successRate');
    expect(line).toMatchObject({ signed: '50.8% (203/400)', current: '50.8% (210/413)', change: '0.0个百分点' });
    // And a printed change is the difference of the printed values: 50.8% → 50.9% is +0.1.
    const up = computeAnnualReport(countCaseRows([...signed, mediated('y', true)], base)).current;
    expect(adjustmentLines(locked, up, 'en').find((l) => l.path === 'successRate')).toMatchObject({ signed: '50.8% (203/400)', current: '50.9% (204/401)', change: '+0.1 pts' });
  });
});
