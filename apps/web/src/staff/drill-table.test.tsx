import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DrillTable } from './drill-table.tsx';
import { staffStrings } from './strings.ts';

describe('DrillTable', () => {
  it('lists a case deleted after the sign-off as removed, with its number and no link to a record that is gone', () => {
    const row = { type: 'neighbour', acceptedOn: '2024-03-02', concludedOn: null, outcome: null };
    render(
      <DrillTable
        list={{
          total: 2,
          visible: 2,
          signedAt: '2025-01-05T02:00:00.000Z',
          cases: [
            { id: 'k1', caseNo: 'QH-2024-0001', afterSignoff: 'removed', ...row },
            { id: 'k2', caseNo: 'QH-2024-0002', afterSignoff: 'updated', ...row },
          ],
        }}
        s={staffStrings('zh-CN')}
        locale="zh-CN"
      />,
    );
    expect(screen.getByText('签发后删除')).toBeTruthy();
    expect(screen.getByText('签发后修改')).toBeTruthy();
    expect(screen.getByText('QH-2024-0001').closest('a')).toBeNull();
    expect(screen.getByText('QH-2024-0002').closest('a')).not.toBeNull();
    expect(screen.getByTestId('drill-late').textContent).toContain('2');
  });
});
