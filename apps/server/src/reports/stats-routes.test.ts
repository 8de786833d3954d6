import ExcelJS from 'exceljs';
import { statsYearCases } from '@tiaojie/report';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { insertStoredCases } from './case-rows.js';
import { insertDemoCommittees, storedStatsCase } from './stats-test-support.js';

interface Tables {
  periodLabel: string;
  tables: { key: string; title: string; columns: { key: string; title: string }[]; rows: { key: string; cells: number[] }[] }[];
}
const total = (body: Tables, table: string, column: string) => {
  const t = body.tables.find((x) => x.key === table)!;
  return t.rows.find((r) => r.key === '_total')!.cells[t.columns.findIndex((c) => c.key === column)];
};

describe.each(testDatabases())('statistics API on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    await insertDemoCommittees(store.db);
    await insertStoredCases(store.db, statsYearCases(2025, ['cc1', 'cs1', 'ct1', null]).map((c, i) => storedStatsCase(c, i)));
  });
  afterEach(async () => store.close());

  it('gives a unit its tables for a quarter, drills a cell down, and follows the sub-district’s column setting', async () => {
    const street = await ctx.login('street');
    const res = await ctx.request('GET', '/api/stats/tables?period=2025-Q1', { token: street });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Tables;
    expect(body.periodLabel).toBe('2025年第一季度');
    expect(total(body, 'types', 'type.all.accepted')).toBe(90);
    const drill = await ctx.request('GET', '/api/stats/cases?period=2025-Q1&column=type.all.accepted&row=cc1', { token: street });
    const cases = (await drill.json()) as { total: number; cases: { committeeId: string }[] };
    expect(cases.total).toBe(body.tables[0]!.rows.find((r) => r.key === 'cc1')!.cells[0]);
    expect(cases.cases.every((c) => c.committeeId === 'cc1')).toBe(true);

    expect((await ctx.request('GET', '/api/stats/tables?period=2025-Q5', { token: street })).status).toBe(400);
    const grid = await ctx.login('grid01');
    expect((await ctx.request('PUT', '/api/stats/settings/s1', { token: grid, body: {} })).status).toBe(403);
    const gridTables = (await (await ctx.request('GET', '/api/stats/tables?period=2025', { token: grid })).json()) as Tables;
    expect(total(gridTables, 'types', 'type.all.accepted')).toBe(36);

    const put = await ctx.request('PUT', '/api/stats/settings/s1', { token: street, body: { tables: { people: { title: '当事人情况', columns: [{ key: 'people.groupPeople', title: '群体性纠纷人数' }] } } } });
    expect(put.status).toBe(204);
    const after = (await (await ctx.request('GET', '/api/stats/tables?period=2025&node=c1', { token: street })).json()) as Tables;
    const people = after.tables.find((t) => t.key === 'people')!;
    expect(people.title).toBe('当事人情况');
    expect(people.columns[0]).toMatchObject({ key: 'people.groupPeople', title: '群体性纠纷人数' });
  });

  it('exports XLSX in the form layout, CSV and a print page with the sign-off lines', async () => {
    const street = await ctx.login('street');
    const q = 'period=2025&head=%E5%BC%A0%E4%B8%BB%E4%BB%BB&reportDate=2026-01-05';
    const xlsx = await ctx.request('GET', `/api/stats/xlsx?${q}`, { token: street });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('人民调解案件统计表（按纠纷类型）');
    const text = wb.worksheets.flatMap((s) => s.getSheetValues().flat().map(String)).join('\n');
    expect(text).toContain('填报单位：');
    expect(text).toContain('统计期间：2025年');
    expect(text).toContain('填报日期：2026-01-05');
    expect(text).toContain('负责人：张主任');
    expect(text).toMatch(/制表人：\S+/);
    expect(wb.worksheets.map((s) => s.name)).toHaveLength(6);

    const csv = await (await ctx.request('GET', `/api/stats/csv?${q}`, { token: street })).text();
    expect(csv).toContain('接受委托移送');
    expect(csv).toContain('252000.00');
    const html = await (await ctx.request('GET', `/api/stats/print?${q}`, { token: street })).text();
    expect(html).toContain('人民调解统计报表');
    expect(html).toContain('负责人：张主任');
  });
});
