import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultIntakeLimits, type IntakeListRow } from '@tiaojie/domain';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs, syncClient } from '../sync/sync-test-kit.js';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const order = (number: string, receivedAt: string) => ({ source: 'hotline_12345', intake: { channel: 'hotline_12345', number, receivedAt } });

describe.each(testDatabases())('intake channels and the answer back on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  const get = async <T>(path: string, token: string) => {
    const res = await ctx.request('GET', path, { token });
    return { status: res.status, body: (await res.json()) as T, headers: res.headers };
  };

  async function seedChannels() {
    const grid01 = await syncClient(ctx, 'grid01');
    const grid04 = await syncClient(ctx, 'grid04');
    const pushed = await grid01.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', order('GD-0001', hoursAgo(30))) },
      { id: 2, name: 'case.create', args: newCaseArgs('k2', 'g01', order('GD-0002', '2024-03-01T09:00:00+08:00')) },
      { id: 3, name: 'case.transition', args: { caseId: 'k2', action: 'conclude', payload: { outcome: { code: 'success', concludedOn: '2024-03-04', body: 'grid_worker', notes: '' } } } },
      { id: 4, name: 'case.create', args: newCaseArgs('k3', 'g01', { source: 'referral_court', intake: { channel: 'court', number: '（2024）京0105民诉前调88号', sender: '朝阳法院', receivedAt: hoursAgo(2) } }) },
      { id: 5, name: 'case.create', args: newCaseArgs('k4', 'g01') },
      // A 12345 order on a case whose source is not the hotline: refused with its own code.
      { id: 6, name: 'case.create', args: newCaseArgs('k5', 'g01', { intake: order('GD-0005', hoursAgo(1)).intake }) },
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'rejected']);
    expect(pushed.results[5]).toMatchObject({ issues: [expect.objectContaining({ code: 'INTAKE_SOURCE_MISMATCH' })] });
    await grid04.push([{ id: 1, name: 'case.create', args: newCaseArgs('k6', 'g04', order('GD-0006', hoursAgo(3))) }]);
  }

  it('lists a channel’s cases in the viewer’s subtree, oldest first, with status, result and limit states', async () => {
    await seedChannels();
    const community = await ctx.login('community01');
    const list = await get<{ items: IntakeListRow[]; total: number }>('/api/intake?channel=12345', community);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((r) => [r.id, r.number, r.status, r.outcome, r.concludedOn, r.limitState])).toEqual([
      ['k2', 'GD-0002', 'concluded', 'success', '2024-03-04', 'met_late'],
      ['k1', 'GD-0001', 'accepted', null, null, 'passed'],
    ]);
    expect(list.body.items[1]!.clocks.map((c) => [c.kind, c.state])).toEqual([['contact', 'passed'], ['conclude', 'running']]);
    expect(JSON.stringify(list.body)).not.toMatch(/王秀英|138/);

    const street = await ctx.login('street');
    const all = await get<{ items: IntakeListRow[]; total: number }>('/api/intake?channel=hotline_12345', street);
    expect(all.body.items.map((r) => r.id)).toEqual(['k2', 'k1', 'k6']);
    // Received in a period (Asia/Shanghai days), from a unit.
    expect((await get<{ items: IntakeListRow[] }>('/api/intake?channel=12345&from=2024-03-01&to=2024-03-01', street)).body.items.map((r) => r.id)).toEqual(['k2']);
    expect((await get<{ items: IntakeListRow[] }>('/api/intake?channel=12345&from=2024-03-02', street)).body.items.map((r) => r.id)).toEqual(['k1', 'k6']);
    expect((await get<{ items: IntakeListRow[] }>('/api/intake?channel=12345&unit=c2', street)).body.items.map((r) => r.id)).toEqual(['k6']);
    expect((await get<{ items: IntakeListRow[] }>('/api/intake?channel=court', street)).body.items.map((r) => [r.id, r.sender, r.limitState])).toEqual([['k3', '朝阳法院', 'running']]);
    // A unit outside the viewer's subtree, a bad channel, a grid worker.
    expect((await get('/api/intake?channel=12345&unit=c2', community)).status).toBe(404);
    expect((await get('/api/intake?channel=fax', street)).status).toBe(400);
    expect((await get('/api/intake?channel=12345', (await syncClient(ctx, 'grid02')).token)).status).toBe(403);
  });

  it('follows edits: a corrected number is listed, a case whose source changes leaves the list; a mismatched edit is refused', async () => {
    await seedChannels();
    const grid01 = await syncClient(ctx, 'grid01', 'grid01-phone-1');
    const edited = await grid01.push([
      { id: 7, name: 'case.edit', args: { caseId: 'k1', changes: { intake: { channel: 'hotline_12345', number: 'GD-0001-B', receivedAt: hoursAgo(30) } }, base: { intake: 0 } } },
      { id: 8, name: 'case.edit', args: { caseId: 'k3', changes: { source: 'proactive' }, base: { source: 0 } } },
      { id: 9, name: 'case.edit', args: { caseId: 'k3', changes: { source: 'proactive', intake: null }, base: { source: 0, intake: 0 } } },
    ]);
    expect(edited.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    const street = await ctx.login('street');
    expect((await get<{ items: IntakeListRow[] }>('/api/intake?channel=12345', street)).body.items.map((r) => r.number)).toEqual(['GD-0002', 'GD-0001-B', 'GD-0006']);
    expect((await get<{ total: number }>('/api/intake?channel=court', street)).body.total).toBe(0);
  });

  it('exports the list as CSV and XLSX without party data, and records the export', async () => {
    await seedChannels();
    const street = await ctx.login('street');
    const csv = await ctx.request('GET', '/api/intake?channel=12345&format=csv', { token: street });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('序号,工单编号,来源单位,接收时间,案件编号,纠纷类型,办理状态,办理结果,办结日期,联系时限,办结时限,时限状态');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('GD-0002,,2024-03-01 09:00,');
    expect(lines[1]).toContain('调解成功,2024-03-04');
    expect(lines[1]).toMatch(/超期完成$/);
    expect(text).not.toMatch(/王秀英|13800138000|138\*/);

    const xlsx = await ctx.request('GET', '/api/intake?channel=court&format=xlsx', { token: street });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain(encodeURIComponent('诉前委派办理情况'));
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('PK');

    const events = await store.db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'report.export').execute();
    expect(events.map((e) => JSON.parse(e.details) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ report: 'intake', channel: 'hotline_12345', format: 'csv', rows: 3 }),
      expect.objectContaining({ report: 'intake', channel: 'court', format: 'xlsx', rows: 1 }),
    ]);
  });

  it('judges limits by the sub-district’s own setting, which its staff set', async () => {
    await seedChannels();
    const street = await ctx.login('street');
    expect((await get<{ limits: unknown; custom: boolean }>('/api/intake-limits', street)).body).toMatchObject({ limits: defaultIntakeLimits, custom: false });
    const limits = { ...defaultIntakeLimits, court: { contactHours: 1, concludeDays: 30 } };
    const put = await ctx.request('PUT', '/api/intake-limits', { token: street, body: { limits } });
    expect(put.status).toBe(200);
    const court = await get<{ items: IntakeListRow[] }>('/api/intake?channel=court', street);
    expect(court.body.items[0]!.clocks.map((c) => [c.kind, c.state])).toEqual([['contact', 'passed'], ['conclude', 'running']]);
    const community = await ctx.login('community01');
    expect((await ctx.request('PUT', '/api/intake-limits', { token: community, body: { limits } })).status).toBe(403);
    expect((await ctx.request('PUT', '/api/intake-limits', { token: street, body: { limits: { ...limits, court: { contactHours: 0, concludeDays: 30 } } } })).status).toBe(400);
  });
});
