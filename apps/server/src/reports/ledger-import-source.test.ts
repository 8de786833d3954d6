import { describe, expect, it } from 'vitest';
import { planLedgerRow, type GridIndex } from './ledger-import-row.js';

const grid = { id: 'g01', name: '第1网格' };
const grids: GridIndex = { byId: new Map([[grid.id, grid]]), byName: new Map([[grid.name, [grid]]]) };
const row = (source: string) =>
  planLedgerRow({ gridId: 'g01', type: '邻里', source, acceptedOn: '2025-03-02', facts: '邻里漏水纠纷', applicant: '张三丰', respondent: '李四' }, grids, '2025-12-31');

describe('ledger import: case source', () => {
  it('accepts the group name 接受委托移送 as a referral whose sender is not recorded', () => {
    const plan = row('接受委托移送');
    expect(plan.ok).toBe(true);
    if (plan.ok) expect((plan.plan.create as unknown as { case: { source: string } }).case.source).toBe('referral_other');
    const police = row('公安机关移交');
    expect(police.ok).toBe(true);
    if (police.ok) expect((police.plan.create as unknown as { case: { source: string } }).case.source).toBe('referral_police');
    expect(row('路人甲').ok).toBe(false);
  });
});
