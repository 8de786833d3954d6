import { PROTOCOL_VERSION } from '@tiaojie/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { ledgerColumns } from '../reports/ledger-format.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs } from './sync-test-kit.js';

describe.each(testDatabases())('device ids on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  async function setup(): Promise<TestContext> {
    store = await create();
    return createTestContext(store);
  }
  const push = (ctx: TestContext, token: string, deviceId: string, caseId: string) =>
    ctx.request('POST', '/api/sync/push', {
      token,
      body: { protocolVersion: PROTOCOL_VERSION, deviceId, mutations: [{ id: 1, name: 'case.create', args: newCaseArgs(caseId), clientTime: new Date().toISOString() }] },
    });
  const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

  it('lets a token push only with the device id it was signed in with, or a replica of it', async () => {
    const ctx = await setup();
    const token = await ctx.login('grid01', 'grid01-phone-a');
    expect((await push(ctx, token, 'grid01-phone-a', 'k1')).status).toBe(200);
    expect((await push(ctx, token, 'grid01-phone-a.3f9a1c', 'k2')).status).toBe(200);
    for (const other of ['grid01-phone-b', 'grid01-phone-ab', 'grid01-phone', 'x.grid01-phone-a']) {
      const res = await push(ctx, token, other, `k-${other}`);
      expect(res.status, other).toBe(403);
      expect(await code(res)).toBe('DEVICE_NOT_BOUND');
    }
  });

  it('never lets an account push as a ledger import, so the importer’s later imports still work', async () => {
    const ctx = await setup();
    const districtToken = await ctx.login('district');
    const districtId = ((await (await ctx.request('GET', '/api/me', { token: districtToken })).json()) as { id: string }).id;
    const grid01 = await ctx.login('grid01', 'grid01-phone-a');
    const asImport = await push(ctx, grid01, `ledger-import.${districtId}`, 'k1');
    expect(asImport.status).toBe(403);
    expect(await code(asImport)).toBe('DEVICE_TAKEN');
    // Not even through a token signed in with the device id "ledger-import".
    const sneaky = await ctx.login('grid01', 'ledger-import');
    const viaPrefix = await push(ctx, sneaky, `ledger-import.${districtId}`, 'k2');
    expect(viaPrefix.status).toBe(403);
    expect(await code(viaPrefix)).toBe('DEVICE_TAKEN');
    expect(await store!.db.selectFrom('devices').select('device_id').where('device_id', 'like', 'ledger-import.%').execute()).toEqual([]);
    expect(await store!.db.selectFrom('mutations').select('device_id').where('device_id', 'like', 'ledger-import.%').execute()).toEqual([]);

    const row: Record<string, string | number> = { caseNo: 'DV-1', gridId: 'g01', type: '邻里', source: '主动调解', risk: '一般', isGroup: '否', peopleInvolved: 2, reportedOn: '2021-03-01', acceptedOn: '2021-03-02', facts: '漏水', applicant: '张三丰', applicantPhone: '13812345678', respondent: '李四' };
    const csv = `${ledgerColumns.map((c) => c.header).join(',')}\r\n${ledgerColumns.map((c) => row[c.key] ?? '').join(',')}\r\n`;
    const imported = await ctx.app.request('/api/reports/import/ledger', { method: 'POST', headers: { authorization: `Bearer ${districtToken}`, 'content-type': 'text/csv' }, body: csv });
    expect(imported.status).toBeLessThan(300);
  });

  it('refuses another account’s device id with DEVICE_TAKEN, even to a token signed in with the same installation id', async () => {
    const ctx = await setup();
    const owner = await ctx.login('grid02', 'shared-phone');
    expect((await push(ctx, owner, 'shared-phone.aaaa', 'k1')).status).toBe(200);
    // grid01 signs in on the same installation (or claims its id): its own replicas work, grid02's do not.
    const intruder = await ctx.login('grid01', 'shared-phone');
    const taken = await push(ctx, intruder, 'shared-phone.aaaa', 'k2');
    expect(taken.status).toBe(403);
    expect(await code(taken)).toBe('DEVICE_TAKEN');
    expect((await push(ctx, intruder, 'shared-phone.bbbb', 'k3')).status).toBe(200);
  });
});
