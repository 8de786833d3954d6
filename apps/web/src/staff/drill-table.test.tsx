import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DrillTable } from './drill-table.tsx';
import type { DrillList } from './report-api.ts';
import { staffStrings } from './strings.ts';

const uuid = '3f2a9c1b-7d4e-4f00-9a1b-0c2d3e4f5a6b';
const base = { type: 'neighbour', acceptedOn: '2024-03-01', concludedOn: null, outcome: null, gridName: '东湖社区第1网格', communityName: '东湖社区', applicants: ['张*'] };

/** 57 cases behind a signed 56: one synced after the sign-off, created in the app without a case number. */
const list: DrillList = {
  total: 57,
  visible: 57,
  signedAt: '2025-01-05T02:00:00.000Z',
  cases: [
    ...Array.from({ length: 56 }, (_, i) => ({ ...base, id: `c${i}`, caseNo: `QH-2024-${String(i + 1).padStart(3, '0')}`, afterSignoff: null })),
    { ...base, id: uuid, caseNo: null, afterSignoff: 'created' as const },
  ],
};

describe('DrillTable', () => {
  it('shows each case’s community, grid and (masked) applicants', () => {
    render(<DrillTable list={list} s={staffStrings('zh-CN')} locale="zh-CN" />);
    expect([...document.querySelectorAll('thead th')].map((th) => th.textContent).slice(0, 4)).toEqual(['编号', '申请人', '社区', '网格']);
    const first = [...document.querySelectorAll('tbody tr:first-child td')].map((td) => td.textContent);
    expect(first.slice(1, 4)).toEqual(['张*', '东湖社区', '东湖社区第1网格']);
  });

  it('marks the case synced after sign-off and says how many there are', () => {
    render(<DrillTable list={list} s={staffStrings('zh-CN')} locale="zh-CN" />);
    const late = document.querySelectorAll('tr[data-late]');
    expect(late).toHaveLength(1);
    expect(late[0]!.textContent).toContain('签发后同步');
    expect(screen.getAllByText('签发后同步')).toHaveLength(1);
    expect(screen.getByTestId('drill-late').textContent).toBe('1 件在签发后同步、修改或删除，已签发的数字不含其变化');
  });

  it('shows the case number, or a short readable form for a case without one, never the UUID', () => {
    render(<DrillTable list={list} s={staffStrings('zh-CN')} locale="zh-CN" />);
    const numbers = [...document.querySelectorAll('tbody tr td:first-child a')].map((a) => a.textContent);
    expect(numbers[0]).toBe('QH-2024-001');
    expect(numbers[56]).toBe('#3f2a9c1b');
    expect(document.body.textContent).not.toContain(uuid);
  });

  it('has no marks for a draft year', () => {
    render(<DrillTable list={{ ...list, signedAt: null, cases: list.cases.map((c) => ({ ...c, afterSignoff: null })) }} s={staffStrings('en')} locale="en" />);
    expect(document.querySelectorAll('tr[data-late]')).toHaveLength(0);
    expect(screen.queryByTestId('drill-late')).toBeNull();
  });

  it('lists a case deleted after the sign-off as removed, with its number and no link to a record that is gone', () => {
    const cases = [
      { ...base, id: 'k1', caseNo: 'QH-2024-901', afterSignoff: 'removed' as const },
      { ...base, id: 'k2', caseNo: 'QH-2024-902', afterSignoff: 'updated' as const },
    ];
    render(<DrillTable list={{ total: 2, visible: 2, signedAt: list.signedAt, cases }} s={staffStrings('zh-CN')} locale="zh-CN" />);
    expect(screen.getByText('签发后删除')).toBeTruthy();
    expect(screen.getByText('签发后修改')).toBeTruthy();
    expect(screen.getByText('QH-2024-901').closest('a')).toBeNull();
    expect(screen.getByText('QH-2024-902').closest('a')).not.toBeNull();
    expect(screen.getByTestId('drill-late').textContent).toContain('2 件');
  });
});
