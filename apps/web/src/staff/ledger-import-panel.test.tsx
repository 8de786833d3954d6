import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LedgerImportPanel } from './ledger-import-panel.tsx';
import { staffStrings } from './strings.ts';

afterEach(() => vi.unstubAllGlobals());

describe('LedgerImportPanel', () => {
  it('sends the chosen file as multipart and lists each refused row with its line, column and reason', async () => {
    let sent: { url: string; file: File | null } | undefined;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      sent = { url, file: (init.body as FormData).get('file') as File | null };
      return Response.json({
        total: 3,
        created: 2,
        completed: 0,
        unchanged: 0,
        rejected: 1,
        rows: [
          { line: 2, caseNo: 'A-1', status: 'created', caseId: 'ledger-1', issues: [] },
          { line: 3, caseNo: 'A-2', status: 'created', caseId: 'ledger-2', issues: [] },
          { line: 4, caseNo: 'A-3', status: 'rejected', caseId: null, issues: [{ column: '受理日期', field: 'acceptedOn', code: 'DATE_FORMAT', message: '日期格式应为 年-月-日' }] },
        ],
      });
    });
    const onImported = vi.fn();
    render(<LedgerImportPanel s={staffStrings('zh-CN')} locale="zh-CN" onImported={onImported} onError={(e) => { throw e; }} />);
    const file = new File(['案件编号,网格编号\n'], '台账.csv', { type: 'text/csv' });
    fireEvent.change(document.querySelector('input[type=file]')!, { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: '导入' }));
    await waitFor(() => expect(screen.getByTestId('ledger-import-summary').textContent).toBe('新增 2 · 补全 0 · 已存在 0 · 有误 1'));
    expect(sent?.url).toBe('/api/reports/import/ledger');
    expect(sent?.file?.name).toBe('台账.csv');
    const cells = [...document.querySelectorAll('.staff-import-errors tbody td')].map((td) => td.textContent);
    expect(cells).toEqual(['4', 'A-3', '受理日期', '日期格式应为 年-月-日']);
    expect(onImported).toHaveBeenCalledTimes(1);
  });

  it('gives the reasons in English on the English screen', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json({
        total: 1,
        created: 0,
        completed: 0,
        unchanged: 0,
        rejected: 1,
        rows: [
          {
            line: 2,
            caseNo: 'A-1',
            status: 'rejected',
            caseId: null,
            issues: [
              {
                column: '受理日期',
                field: 'acceptedOn',
                code: 'DATE_FORMAT',
                message: '日期格式应为 年-月-日',
                messages: { 'zh-CN': '日期格式应为 年-月-日', en: 'Dates are written YYYY-MM-DD' },
              },
            ],
          },
        ],
      }),
    );
    render(<LedgerImportPanel s={staffStrings('en')} locale="en" onImported={() => {}} onError={(e) => { throw e; }} />);
    fireEvent.change(document.querySelector('input[type=file]')!, { target: { files: [new File(['x'], 'ledger.csv', { type: 'text/csv' })] } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(document.querySelectorAll('.staff-import-errors tbody td')).toHaveLength(4));
    const cells = [...document.querySelectorAll('.staff-import-errors tbody td')].map((td) => td.textContent);
    expect(cells).toEqual(['2', 'A-1', '受理日期', 'Dates are written YYYY-MM-DD']);
  });
});
