import { describe, expect, it } from 'vitest';
import { adjustmentsSince } from './adjustments.js';
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
