import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { findNode } from '../org/index.js';
import { nilReportOverview, nilReportSpan } from '../risk/index.js';
import { newCaseArgs, syncClient, type SyncClient } from '../sync/sync-test-kit.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';

interface Tables {
  status: 'draft' | 'signed';
  signoff: { version: number; head: string; preparer: string; reportDate: string } | null;
  footnote: { reported: number; nil: number; missing: number; text: string };
  adjustmentLines: { path: string; label: string; signed: number; current: number; change: string; headline: boolean }[];
  syncedAfterSignoff: number | null;
  tables: { key: string; columns: { key: string }[]; rows: { key: string; cells: number[] }[] }[];
}
const accepted = (body: Tables) => {
  const t = body.tables.find((x) => x.key === 'types')!;
  return t.rows.find((r) => r.key === '_total')!.cells[t.columns.findIndex((c) => c.key === 'type.all.accepted')];
};
const nil = (id: string, gridId: string, period: string) => ({ name: 'nilReport.file', args: { report: { id, gridId, period } } });

describe.each(testDatabases())('statistics tables: sign-off and nil-report footnote, on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  let phone: SyncClient;
  let street: string;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    phone = await syncClient(ctx, 'grid01');
    street = await ctx.login('street');
  });
  afterEach(() => store.close());

  const tables = async (period: string) => (await (await ctx.request('GET', `/api/stats/tables?period=${period}`, { token: street })).json()) as Tables;

  it('signing freezes the tables and their footnote; later cases show as adjustments in every export until signed again', async () => {
    const grid02 = await syncClient(ctx, 'grid02');
    await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.create', args: newCaseArgs('k2') },
    ]);
    expect((await grid02.push([{ id: 1, ...nil('n1', 'g02', '2024-03') }])).results[0]!.status).toBe('applied');
    const draft = await tables('2024-03');
    expect(draft).toMatchObject({ status: 'draft', signoff: null, adjustmentLines: [], syncedAfterSignoff: null });
    expect(draft.footnote).toEqual({ reported: 1, nil: 1, missing: 8, text: '本期1个网格零上报，8个网格未上报' });
    expect(accepted(draft)).toBe(2);

    const community = await ctx.login('community01');
    const refused = await ctx.request('POST', '/api/stats/signoff', { token: community, body: { period: '2024-03' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ROLE_NOT_ALLOWED');
    const signed = await ctx.request('POST', '/api/stats/signoff', { token: street, body: { period: '2024-03', head: '张主任', reportDate: '2024-04-03' } });
    expect(signed.status).toBe(201);
    expect(await signed.json()).toMatchObject({ nodeId: 's1', period: '2024-03', version: 1, head: '张主任', reportDate: '2024-04-03' });
    // Writes after the sign-off must carry a later timestamp than it.
    await new Promise((resolve) => setTimeout(resolve, 5));

    await phone.push([
      { id: 3, name: 'case.create', args: newCaseArgs('k3') },
      { id: 4, name: 'case.create', args: newCaseArgs('k4') },
      { id: 5, name: 'case.transition', args: { caseId: 'k1', action: 'delete', payload: {} } },
    ]);
    const grid03 = await syncClient(ctx, 'grid03');
    await grid03.push([{ id: 1, ...nil('n3', 'g03', '2024-03') }]);
    const after = await tables('2024-03');
    expect(after.status).toBe('signed');
    expect(accepted(after)).toBe(2);
    expect(after.footnote.text).toBe('本期1个网格零上报，8个网格未上报');
    expect(after.signoff).toMatchObject({ version: 1, head: '张主任', reportDate: '2024-04-03' });
    expect(after.syncedAfterSignoff).toBe(3);
    const lines = Object.fromEntries(after.adjustmentLines.map((l) => [l.path, [l.signed, l.current, l.change]]));
    expect(lines['types._total.type.all.accepted']).toEqual([2, 3, '+1']);
    expect(lines['footnote.nil']).toEqual([1, 2, '+1']);
    expect(lines['footnote.missing']).toEqual([8, 7, '-1']);
    expect(after.adjustmentLines.findIndex((l) => !l.headline)).toBeGreaterThan(after.adjustmentLines.findLastIndex((l) => l.headline));
    // The cases the count names, each with how it changed since: listed as many as counted.
    const late = (await (await ctx.request('GET', '/api/stats/late-cases?period=2024-03', { token: street })).json()) as { total: number; cases: { id: string; afterSignoff: string }[]; signedAt: string };
    expect(late.total).toBe(after.syncedAfterSignoff);
    expect(late.cases.map((c) => [c.id, c.afterSignoff]).sort()).toEqual([['k1', 'removed'], ['k3', 'created'], ['k4', 'created']]);
    expect((await (await ctx.request('GET', '/api/stats/late-cases?period=2024-Q1', { token: street })).json()) as unknown).toEqual({ total: 0, count: 0, cases: [], signedAt: null });

    // A signed version prints the signers it was signed with, whatever the query asks.
    const csv = await (await ctx.request('GET', '/api/stats/csv?period=2024-03&head=%E6%9D%8E', { token: street })).text();
    expect(csv).toMatch(/已签发 第1版 · .+ · \d{4}-\d{2}-\d{2}/);
    expect(csv).toContain('负责人：张主任');
    expect(csv).toContain('填报日期：2024-04-03');
    expect(csv).toContain('注：本期1个网格零上报，8个网格未上报');
    expect(csv).toContain('签发后调整（当前 − 已签发）');
    expect(csv).toContain('签发后同步（新增、修改或删除）的案件：3件');
    const html = await (await ctx.request('GET', '/api/stats/print?period=2024-03', { token: street })).text();
    expect(html).toContain('已签发 第1版');
    expect(html).toContain('负责人：张主任');
    expect(html).toContain('注：本期1个网格零上报，8个网格未上报');
    expect(html).toContain('签发后调整');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await (await ctx.request('GET', '/api/stats/xlsx?period=2024-03', { token: street })).arrayBuffer()) as never);
    expect(wb.worksheets.at(-1)!.name).toBe('签发后调整');
    const text = wb.worksheets[0]!.getSheetValues().flat().map(String).join('\n');
    expect(text).toContain('已签发 第1版');
    expect(text).toContain('注：本期1个网格零上报，8个网格未上报');

    // Re-issued: the next version holds the current figures; nothing to adjust.
    expect((await ctx.request('POST', '/api/stats/signoff', { token: street, body: { period: '2024-03', head: '张主任' } })).status).toBe(201);
    const reissued = await tables('2024-03');
    expect(reissued).toMatchObject({ status: 'signed', signoff: { version: 2 }, adjustmentLines: [], syncedAfterSignoff: 0 });
    expect(accepted(reissued)).toBe(3);
    expect(reissued.footnote.nil).toBe(2);
    const versions = (await (await ctx.request('GET', '/api/stats/signoffs?period=2024-03', { token: street })).json()) as { signoffs: { version: number }[] };
    expect(versions.signoffs.map((s) => s.version)).toEqual([2, 1]);
    // Another period of the same unit is still a draft.
    expect((await tables('2024-Q1')).status).toBe('draft');
    const audit = await store.db.selectFrom('audit_events').select(['details']).where('action', '=', 'report.signoff').orderBy('seq').execute();
    expect(audit.map((a) => JSON.parse(a.details) as Record<string, unknown>)).toMatchObject([
      { report: 'mediation-stats', period: '2024-03', version: 1 },
      { report: 'mediation-stats', period: '2024-03', version: 2 },
    ]);
  });

  it('a quarter or year counts a grid as not reported if some begun month of it has neither a case nor a nil report', async () => {
    const push = async (user: string, reports: [string, string][]) => {
      const c = await syncClient(ctx, user, `${user}-nil`);
      await c.push(reports.map(([grid, period], i) => ({ id: i + 1, ...nil(`${grid}-${period}`, grid, period) })));
    };
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1') }]); // g01: a case in March
    await push('grid01', [['g01', '2024-01'], ['g01', '2024-02']]);
    await push('grid02', [['g02', '2024-01'], ['g02', '2024-02'], ['g02', '2024-03']]);
    await push('grid03', [['g03', '2024-01'], ['g03', '2024-03']]);
    const s1 = (await findNode(store.db, 's1'))!;
    const q1 = { from: '2024-01-01', to: '2024-03-31' };
    expect(await nilReportSpan(store.db, s1, q1, '2026-12-07')).toEqual({ months: ['2024-01', '2024-02', '2024-03'], counts: { reported: 1, nil: 1, missing: 8 } });
    // Only begun months count: on 2024-02-10, March is not yet due.
    expect((await nilReportSpan(store.db, s1, q1, '2024-02-10')).counts).toEqual({ reported: 0, nil: 2, missing: 8 });
    // The year: no grid covered all twelve months.
    expect((await nilReportSpan(store.db, s1, { from: '2024-01-01', to: '2024-12-31' }, '2026-12-07')).counts).toEqual({ reported: 0, nil: 0, missing: 10 });
    // A month reads as the per-month overview the sub-district's nil-report list shows.
    for (const month of ['2024-01', '2024-02', '2024-03']) {
      const overview = await nilReportOverview(store.db, s1, month);
      expect((await nilReportSpan(store.db, s1, { from: `${month}-01`, to: `${month}-${month === '2024-02' ? 29 : 31}` }, '2026-12-07')).counts).toEqual(overview.counts);
    }
    // Under a community: its grids only.
    const c1 = (await findNode(store.db, 'c1'))!;
    expect((await nilReportSpan(store.db, c1, q1, '2026-12-07')).counts).toEqual({ reported: 1, nil: 1, missing: 1 });
    expect((await tables('2024-Q1')).footnote.text).toBe('本期1个网格零上报，8个网格未上报');
  });
});
