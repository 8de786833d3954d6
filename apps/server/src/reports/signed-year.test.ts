import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { newCaseArgs, syncClient, type SyncClient } from '../sync/sync-test-kit.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';

type Line = { path: string; signed: string | number; current: string | number; change: string };
type View = { status: string; syncedAfterSignoff: number; adjustments: { path: string; delta: number }[]; adjustmentLines: { zh: Line[] } };
type Drill = { total: number; cases: { id: string; afterSignoff: string | null }[] };

describe.each(testDatabases())('a signed year stays explainable, on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  let phone: SyncClient;
  let street: string;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    phone = await syncClient(ctx, 'grid01');
    street = await ctx.login('street');
    const r = await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.create', args: newCaseArgs('k2') },
      { id: 3, name: 'case.create', args: newCaseArgs('k3') },
    ]);
    expect(r.results.every((x) => x.status === 'applied')).toBe(true);
    expect((await ctx.request('POST', '/api/reports/annual/signoff', { token: street, body: { year: 2024, note: '' } })).status).toBe(201);
    // Writes after the sign-off must carry a later timestamp than it.
    await new Promise((resolve) => setTimeout(resolve, 5));
  });
  afterEach(() => store.close());

  const view = async () => (await (await ctx.request('GET', '/api/reports/annual?year=2024', { token: street })).json()) as View;
  const lateList = async () => (await (await ctx.request('GET', '/api/reports/annual/cases?year=2024&figure=ledger&synced=afterSignoff', { token: street })).json()) as Drill;

  it('shows a case deleted after the sign-off as removed, in the count and in its list, which agree', async () => {
    const r = await phone.push([
      { id: 4, name: 'case.transition', args: { caseId: 'k1', action: 'delete', payload: {} } },
      // Created and deleted after the sign-off: never counted, so not listed either.
      { id: 5, name: 'case.create', args: newCaseArgs('k9') },
      { id: 6, name: 'case.transition', args: { caseId: 'k9', action: 'delete', payload: {} } },
    ]);
    expect(r.results.every((x) => x.status === 'applied')).toBe(true);
    const v = await view();
    expect(Object.fromEntries(v.adjustments.map((a) => [a.path, a.delta]))).toMatchObject({ accepted: -1, openAtYearEnd: -1 });
    const late = await lateList();
    expect(late.cases.map((c) => [c.id, c.afterSignoff])).toEqual([['k1', 'removed']]);
    expect(v.syncedAfterSignoff).toBe(late.total);
    expect(late.total).toBe(late.cases.length);
    // The figure's own list holds the live cases only, as the live figure counts them.
    const accepted = (await (await ctx.request('GET', '/api/reports/annual/cases?year=2024&figure=accepted', { token: street })).json()) as Drill;
    expect(accepted.cases.map((c) => c.id).sort()).toEqual(['k2', 'k3']);
  });

  it('says in the CSV what the XLSX and print say: the version and the adjustments since', async () => {
    const before = await (await ctx.request('GET', '/api/reports/annual/csv?year=2024', { token: street })).text();
    expect(before).toContain('已签发 第1版');
    expect(before).not.toContain('签发后调整');
    await phone.push([{ id: 4, name: 'case.transition', args: { caseId: 'k1', action: 'delete', payload: {} } }]);
    const csv = await (await ctx.request('GET', '/api/reports/annual/csv?year=2024', { token: street })).text();
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[1]).toMatch(/^已签发 第1版 · /);
    const at = lines.indexOf('签发后调整（当前 − 已签发）');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('签发后同步（新增、修改或删除）的案件：1件');
    expect(lines[at + 2]).toBe('指标,已签发,当前,调整');
    expect(lines.slice(at)).toContain('受理,3,2,-1');
    const draft = await (await ctx.request('GET', '/api/reports/annual/csv?year=2025', { token: street })).text();
    expect(draft.replace(/^\uFEFF/, '').split('\r\n')[1]).toBe('草稿（未签发）');
  });

  it('loads a year signed before the report carried prevention outcomes: as signed, with no adjustment for them', async () => {
    // The snapshot as stored before: no prevention figures in either year.
    const stored = await sql<{ report: string }>`select report from report_signoffs where year = 2024`.execute(store.db);
    const old = JSON.parse(stored.rows[0]!.report) as { current: Record<string, unknown>; previous: Record<string, unknown> };
    expect(old.current.prevention).toBeDefined();
    delete old.current.prevention;
    delete old.previous.prevention;
    await sql`update report_signoffs set report = ${JSON.stringify(old)} where year = 2024`.execute(store.db);
    const prevention = { disputes: 1, suicide: { cases: 1, people: 2 } };
    const r = await phone.push([{ id: 4, name: 'case.create', args: newCaseArgs('k4', 'g01', { prevention }) }]);
    expect(r.results.every((x) => x.status === 'applied')).toBe(true);

    type Full = View & { report: { current: { prevention?: unknown } }; live: { current: { prevention?: Record<string, number> } }; tables: { zh: { id: string; rows: (string | number)[][] }[] } };
    const full = (await (await ctx.request('GET', '/api/reports/annual?year=2024', { token: street })).json()) as Full;
    expect(full.status).toBe('signed');
    expect(full.report.current.prevention).toBeUndefined();
    expect(full.live.current.prevention).toMatchObject({ disputes: 1, suicide: 1, suicidePeople: 2 });
    const summary = full.tables.zh.find((t) => t.id === 'summary')!.rows;
    expect(summary.map((row) => row[0])).toContain('防止民转刑');
    expect(summary.map((row) => row[0])).not.toContain('预防纠纷（件）');
    expect(full.adjustments.map((a) => a.path)).toEqual(expect.arrayContaining(['accepted']));
    expect(full.adjustments.filter((a) => a.path.startsWith('prevention'))).toEqual([]);
    for (const format of ['csv', 'xlsx', 'print']) {
      expect((await ctx.request('GET', `/api/reports/annual/${format}?year=2024`, { token: street })).status).toBe(200);
    }

    // The next year compares with that signed year: its prevention figures were not recorded, not zero.
    const next = (await (await ctx.request('GET', '/api/reports/annual?year=2025', { token: street })).json()) as Full;
    const row = next.tables.zh.find((t) => t.id === 'summary')!.rows.find((x) => x[0] === '预防纠纷（件）');
    expect(row?.slice(0, 3)).toEqual(['预防纠纷（件）', 0, '—']);
    const csv = await (await ctx.request('GET', '/api/reports/annual/csv?year=2025', { token: street })).text();
    expect(csv).toContain('预防纠纷（件）,0,—');
    const print = await (await ctx.request('GET', '/api/reports/annual/print?year=2025', { token: street })).text();
    expect(print).toContain('防止民间纠纷引起自杀（人）');
  });
});
