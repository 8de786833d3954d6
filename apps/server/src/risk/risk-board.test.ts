import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRiskLimits } from '@tiaojie/domain';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs, syncClient } from '../sync/sync-test-kit.js';
import { unitsNotReported } from './index.js';
import { findNode } from '../org/index.js';

interface Board {
  byGrade: { grade: string; open: number; passed: number; approaching: number }[];
  cases: { id: string; grade: string; state: string; gridName: string; flags: string[] }[];
  escalations: { caseId: string; automatic: boolean; toLevel: string }[];
}

describe.each(testDatabases())('warning board, time limits and nil reports on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  const get = async <T>(path: string, token: string) => {
    const res = await ctx.request('GET', path, { token });
    return { status: res.status, body: (await res.json()) as T };
  };
  /** Moves a case's intake back in time, as if it had been recorded `minutes` ago. */
  const ageCase = async (id: string, minutes: number) => {
    const row = await store.db.selectFrom('cases').select('doc').where('id', '=', id).executeTakeFirstOrThrow();
    const doc = JSON.parse(row.doc) as { createdAt: string };
    doc.createdAt = new Date(Date.now() - minutes * 60_000).toISOString();
    await store.db.updateTable('cases').set({ doc: JSON.stringify(doc) }).where('id', '=', id).execute();
  };

  it('shows open cases by grade, red first and passed limits first, with the newest escalations; scoped like other staff views', async () => {
    const grid01 = await syncClient(ctx, 'grid01');
    const grid04 = await syncClient(ctx, 'grid04');
    await grid01.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { risk: 'red', riskFlags: ['suicide'] }) },
      { id: 2, name: 'case.create', args: newCaseArgs('k2', 'g01', { risk: 'blue' }) },
      { id: 3, name: 'case.create', args: newCaseArgs('k3', 'g01', { risk: 'red' }) },
    ]);
    await grid04.push([{ id: 1, name: 'case.create', args: newCaseArgs('k4', 'g04', { risk: 'orange' }) }]);
    await ageCase('k1', 90);
    const street = await ctx.login('street');
    const board = await get<Board>('/api/risk-board', street);
    expect(board.status).toBe(200);
    expect(board.body.byGrade).toEqual([
      { grade: 'red', open: 2, passed: 1, approaching: 0 },
      { grade: 'orange', open: 1, passed: 0, approaching: 0 },
      { grade: 'yellow', open: 0, passed: 0, approaching: 0 },
      { grade: 'blue', open: 1, passed: 0, approaching: 0 },
    ]);
    expect(board.body.cases.map((c) => [c.id, c.grade, c.state])).toEqual([['k1', 'red', 'passed'], ['k3', 'red', 'running'], ['k4', 'orange', 'running'], ['k2', 'blue', 'running']]);
    expect(board.body.cases[0]!.flags).toEqual(['suicide']);

    // The phone escalates k1 itself: the board lists it as an automatic escalation and its limit as met.
    await grid01.push([{ id: 4, name: 'case.transition', args: { caseId: 'k1', action: 'escalate', payload: { escalationId: 'auto-red-subdistrict', toLevel: 'subdistrict', reason: '超时自动上报', date: '2024-03-02', automatic: true, at: new Date().toISOString() } } }]);
    const after = await get<Board>('/api/risk-board', street);
    expect(after.body.escalations).toMatchObject([{ caseId: 'k1', automatic: true, toLevel: 'subdistrict' }]);
    expect(after.body.cases.find((c) => c.id === 'k1')?.state).toBe('met');

    // A community sees its own grids only; a grid worker has no board; another area's node is not found.
    const community = await get<Board>('/api/risk-board', await ctx.login('community01'));
    expect(community.body.cases.map((c) => c.id).sort()).toEqual(['k2', 'k3']);
    expect((await get('/api/risk-board', await ctx.login('grid01'))).status).toBe(403);
    expect((await get('/api/risk-board?node=c2', await ctx.login('community01'))).status).toBe(404);
  });

  it("uses the sub-district's own time limits, set by its staff; the phones read them", async () => {
    const street = await ctx.login('street');
    const strict = { ...defaultRiskLimits, orange: { minutes: 30, level: 'subdistrict', autoEscalate: true } };
    const put = (token: string, body: unknown) => ctx.request('PUT', '/api/risk-limits', { token, body });
    expect((await put(await ctx.login('grid01'), { limits: strict })).status).toBe(403);
    expect((await put(street, { limits: { ...strict, red: { minutes: 0, level: 'subdistrict', autoEscalate: true } } })).status).toBe(400);
    expect((await put(street, { limits: strict })).status).toBe(200);
    const phone = await get<{ limits: typeof strict; custom: boolean; subdistrictId: string }>('/api/risk-limits', await ctx.login('grid04'));
    expect(phone.body).toEqual({ limits: strict, custom: true, subdistrictId: 's1' });

    const grid04 = await syncClient(ctx, 'grid04');
    await grid04.push([{ id: 1, name: 'case.create', args: newCaseArgs('k4', 'g04', { risk: 'orange' }) }]);
    await ageCase('k4', 45);
    expect((await get<Board>('/api/risk-board', street)).body.cases).toMatchObject([{ id: 'k4', state: 'passed' }]);
  });

  it('tells grids that reported disputes, filed a nil report, or did neither; a nil report is filed once', async () => {
    const grid01 = await syncClient(ctx, 'grid01');
    const grid04 = await syncClient(ctx, 'grid04');
    await grid01.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01') }]);
    const nil = (id: number, reportId: string, gridId = 'g04') => ({ id, name: 'nilReport.file', args: { report: { id: reportId, gridId, period: '2024-03' } } });
    expect((await grid04.push([nil(1, 'n1'), nil(2, 'n2')])).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await grid04.push([nil(3, 'n3', 'g01')])).results.map((r) => [r.status, r.code])).toEqual([['rejected', 'FORBIDDEN']]);
    expect(await store.db.selectFrom('nil_reports').select('id').execute()).toEqual([{ id: 'n1' }]);

    const street = await ctx.login('street');
    const overview = await get<{ grids: { id: string; status: string; cases: number }[]; counts: Record<string, number> }>('/api/nil-reports?period=2024-03', street);
    const statusOf = new Map(overview.body.grids.map((g) => [g.id, g.status]));
    expect(statusOf.get('g01')).toBe('reported');
    expect(statusOf.get('g04')).toBe('nil');
    expect(statusOf.get('g02')).toBe('missing');
    expect(overview.body.counts).toEqual({ reported: 1, nil: 1, missing: overview.body.grids.length - 2 });
    expect(await unitsNotReported(store.db, (await findNode(store.db, 's1'))!, '2024-03')).toBe(overview.body.grids.length - 2);
    // Another month: nobody reported.
    const april = await get<{ counts: Record<string, number> }>('/api/nil-reports?period=2024-04', street);
    expect(april.body.counts).toMatchObject({ reported: 0, nil: 0 });
    expect((await get('/api/nil-reports?period=2024-3', street)).status).toBe(400);
  });
});
