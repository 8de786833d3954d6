import { adjustmentLines, computeAnnualReport, countCaseRows, makeCase } from '@tiaojie/report';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AdjustmentPanel } from './adjustment-panel.tsx';
import type { AnnualView } from './report-api.ts';
import { staffStrings } from './strings.ts';

const rows = {
  node: { id: 's1', name: '清河街道', kind: 'subdistrict' as const, path: '/d1/s1/' },
  year: 2024,
  children: [{ id: 'c1', name: '东湖社区', kind: 'community' as const }],
  activities: [],
  coverage: [],
};

/** Signed with 56 accepted (50 mediated successfully); one case accepted and resolved since, synced after sign-off. */
function signedView(): AnnualView {
  const cases = Array.from({ length: 56 }, (_, i) =>
    makeCase({ id: `s${i}`, acceptedOn: '2024-03-01', concludedOn: '2024-03-20', outcome: i < 50 ? 'success' : 'failed', resolvedLevel: 'grid', body: 'grid_worker' }),
  );
  const late = makeCase({ id: 'late', acceptedOn: '2024-12-30', concludedOn: '2024-12-31', outcome: 'success', resolvedLevel: 'district', body: 'court_linked' });
  const signed = computeAnnualReport(countCaseRows(cases, rows));
  const live = computeAnnualReport(countCaseRows([...cases, late], rows));
  return {
    status: 'signed',
    report: signed,
    adjustments: [],
    adjustmentLines: { zh: adjustmentLines(signed.current, live.current, 'zh-CN'), en: adjustmentLines(signed.current, live.current, 'en') },
    syncedAfterSignoff: 1,
    signoff: { version: 1, signedByName: '张三', signedAt: '2025-01-05T02:00:00.000Z' },
    text: { zh: { paragraph: '', basis: [] }, en: { paragraph: '', basis: [] } },
    tables: { zh: [], en: [] },
    canSignOff: true,
  } as unknown as AnnualView;
}

const cellsOf = (table: HTMLElement) => [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));

describe('AdjustmentPanel', () => {
  it('shows the headline figures that changed, signed → now, rates with their numerator and denominator on one line', () => {
    render(<AdjustmentPanel view={signedView()} s={staffStrings('zh-CN')} locale="zh-CN" onDrill={() => {}} />);
    const headline = cellsOf(screen.getByTestId('adjustments'));
    expect(headline.map((r) => r[0])).toEqual(['受理', '办结', '调解', '调解成功', '调解成功率', '化解率']);
    expect(headline[0]).toEqual(['受理', '56', '57', '+1']);
    expect(headline[4]).toEqual(['调解成功率', '89.3% (50/56)', '89.5% (51/57)', '+0.2个百分点']);
    // No numerator/denominator rows anywhere; the breakdowns are folded away beneath.
    expect(document.body.textContent).not.toMatch(/分子|分母/);
    const details = screen.getByTestId('adjustment-details').closest('details')!;
    expect(details.open).toBe(false);
    expect(within(details).getByText(/区县及以上 · 占比/)).toBeTruthy();
  });

  it('says how many cases synced after sign-off and opens them, and opens the cases behind a changed figure', () => {
    const onDrill = vi.fn();
    render(<AdjustmentPanel view={signedView()} s={staffStrings('zh-CN')} locale="zh-CN" onDrill={onDrill} />);
    expect(screen.getByTestId('late-cases').textContent).toContain('签发后同步（新增、修改或删除）的案件：1');
    fireEvent.click(screen.getByRole('button', { name: '查看这些案件' }));
    expect(onDrill).toHaveBeenLastCalledWith('签发后同步（新增、修改或删除）的案件', 'ledger', '', 'afterSignoff');
    fireEvent.click(screen.getByRole('button', { name: '受理' }));
    expect(onDrill).toHaveBeenLastCalledWith('受理', 'accepted', '');
  });

  it('reads in English on the English screen', () => {
    render(<AdjustmentPanel view={signedView()} s={staffStrings('en')} locale="en" onDrill={() => {}} />);
    expect(cellsOf(screen.getByTestId('adjustments'))[4]).toEqual(['Success rate', '89.3% (50/56)', '89.5% (51/57)', '+0.2 pts']);
  });
});
