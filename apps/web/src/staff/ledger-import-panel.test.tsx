import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LedgerImportPanel } from './ledger-import-panel.tsx';
import { staffStrings } from './strings.ts';

afterEach(() => vi.unstubAllGlobals());

const result = {
  total: 3,
  created: 2,
  completed: 0,
  updated: 0,
  unchanged: 0,
  rejected: 1,
  rows: [
    { line: 2, caseNo: 'A-1', status: 'created', caseId: 'ledger-1', issues: [] },
    { line: 3, caseNo: 'A-2', status: 'created', caseId: 'ledger-2', issues: [] },
    { line: 4, caseNo: 'A-3', status: 'rejected', caseId: null, issues: [{ column: '受理日期', field: 'acceptedOn', code: 'DATE_FORMAT', message: '日期格式应为 年-月-日' }] },
  ],
};

/** A server whose import job reports `steps` (rows done) on successive polls, then the result. */
function jobServer(final: unknown, steps: number[], total: number) {
  const sent: { url: string; method: string; file: File | null }[] = [];
  let poll = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    sent.push({ url, method: init.method ?? 'GET', file: init.body instanceof FormData ? (init.body.get('file') as File | null) : null });
    if (init.method === 'POST') return Response.json({ jobId: 'job-1', state: 'running', done: 0, total, result: null, error: null }, { status: 202 });
    // The first poll waits for the test, so the progress bar can be seen mid-way.
    if (poll === 1) await gate;
    const done = steps[poll++];
    if (done !== undefined) return Response.json({ jobId: 'job-1', state: 'running', done, total, result: null, error: null });
    return Response.json({ jobId: 'job-1', state: 'done', done: total, total, result: final, error: null });
  });
  return { sent, release };
}

describe('LedgerImportPanel', () => {
  it('sends the chosen file, shows the job’s progress, then lists each refused row with its line, column and reason', async () => {
    const server = jobServer(result, [1, 2], 3);
    const onImported = vi.fn();
    render(<LedgerImportPanel s={staffStrings('zh-CN')} locale="zh-CN" pollMs={1} onImported={onImported} onError={(e) => { throw e; }} />);
    const file = new File(['案件编号,网格编号\n'], '台账.csv', { type: 'text/csv' });
    fireEvent.change(document.querySelector('input[type=file]')!, { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: '导入' }));
    await waitFor(() => expect(screen.getByTestId('ledger-import-progress').textContent).toBe('已处理 1 / 3 行'));
    const bar = document.querySelector('progress')!;
    expect([bar.value, bar.max]).toEqual([1, 3]);
    server.release();
    await waitFor(() => expect(screen.getByTestId('ledger-import-summary').textContent).toBe('新增 2 · 补全 0 · 已存在 0 · 有误 1'));
    expect(screen.queryByTestId('ledger-import-progress')).toBeNull();
    expect(server.sent[0]).toMatchObject({ url: '/api/reports/import/ledger', method: 'POST' });
    expect(server.sent[0]!.file?.name).toBe('台账.csv');
    expect(server.sent.slice(1).every((r) => r.url === '/api/reports/import/ledger/jobs/job-1' && r.method === 'GET')).toBe(true);
    const cells = [...document.querySelectorAll('.staff-import-errors tbody td')].map((td) => td.textContent);
    expect(cells).toEqual(['4', 'A-3', '受理日期', '日期格式应为 年-月-日']);
    expect(onImported).toHaveBeenCalledTimes(1);
  });

  it('counts corrected rows when there are any', async () => {
    const server = jobServer({ ...result, created: 0, updated: 2, rows: result.rows.slice(2) }, [], 3);
    server.release();
    render(<LedgerImportPanel s={staffStrings('zh-CN')} locale="zh-CN" pollMs={1} onImported={() => {}} onError={(e) => { throw e; }} />);
    fireEvent.change(document.querySelector('input[type=file]')!, { target: { files: [new File(['x'], 'a.csv')] } });
    fireEvent.click(screen.getByRole('button', { name: '导入' }));
    await waitFor(() => expect(screen.getByTestId('ledger-import-summary').textContent).toBe('新增 0 · 补全 0 · 更正 2 · 已存在 0 · 有误 1'));
  });

  it('shows the server’s reason in Chinese when the file is over a limit', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json({ error: { code: 'LEDGER_TOO_MANY_ROWS', message: '文件超过 20000 行,请拆分后分批导入' } }, { status: 413 }),
    );
    const onError = vi.fn();
    render(<LedgerImportPanel s={staffStrings('zh-CN')} locale="zh-CN" onImported={() => {}} onError={onError} />);
    fireEvent.change(document.querySelector('input[type=file]')!, { target: { files: [new File(['x'], 'big.csv')] } });
    fireEvent.click(screen.getByRole('button', { name: '导入' }));
    await waitFor(() => expect(screen.getByTestId('ledger-import-refused').textContent).toBe('文件超过 20000 行,请拆分后分批导入'));
    expect(onError).not.toHaveBeenCalled();
    expect(screen.queryByTestId('ledger-import-summary')).toBeNull();
  });

  it('gives the reasons in English on the English screen', async () => {
    const server = jobServer(
      {
        total: 1,
        created: 0,
        completed: 0,
        updated: 0,
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
      },
      [],
      1,
    );
    server.release();
    render(<LedgerImportPanel s={staffStrings('en')} locale="en" pollMs={1} onImported={() => {}} onError={(e) => { throw e; }} />);
    fireEvent.change(document.querySelector('input[type=file]')!, { target: { files: [new File(['x'], 'ledger.csv', { type: 'text/csv' })] } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(document.querySelectorAll('.staff-import-errors tbody td')).toHaveLength(4));
    const cells = [...document.querySelectorAll('.staff-import-errors tbody td')].map((td) => td.textContent);
    expect(cells).toEqual(['2', 'A-1', '受理日期', 'Dates are written YYYY-MM-DD']);
  });
});
