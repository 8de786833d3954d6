import { PROTOCOL_VERSION, type PullResponse, type RecordsResponse } from '@tiaojie/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { foldChanges, newCaseArgs, syncClient, type SyncClient } from './sync-test-kit.js';

describe.each(testDatabases())('sync scope and conflicts on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  let phone: SyncClient;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    phone = await syncClient(ctx, 'grid01');
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1') }]);
  });
  afterEach(() => store.close());

  const caseRow = () => store.db.selectFrom('cases').selectAll().where('id', '=', 'k1').executeTakeFirstOrThrow();

  it('shows another grid nothing and refuses its pushes with a reason, changing nothing', async () => {
    const other = await syncClient(ctx, 'grid04');
    expect((await other.pullAll()).changes).toEqual([]);
    expect((await ctx.request('GET', '/api/cases/k1', { token: other.token })).status).toBe(404);
    const before = await caseRow();
    const r = await other.push([
      { id: 1, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '篡改' }, base: {} } },
      { id: 2, name: 'case.create', args: newCaseArgs('k9', 'g01') },
      { id: 3, name: 'case.transition', args: { caseId: 'k1', action: 'delete', payload: {} } },
    ]);
    expect(r.results.map((x) => [x.status, x.code])).toEqual([
      ['rejected', 'NOT_FOUND'],
      ['rejected', 'FORBIDDEN'],
      ['rejected', 'NOT_FOUND'],
    ]);
    expect(await caseRow()).toEqual(before);
    expect(await store.db.selectFrom('cases').select('id').execute()).toHaveLength(1);
  });

  it('pulls lean (states named by seq, no documents) and gives records only within scope', async () => {
    const pull = async (token: string) => {
      const res = await ctx.request('POST', '/api/sync/pull', { token, body: { protocolVersion: PROTOCOL_VERSION, cursor: 0, lean: true } });
      return (await res.json()) as PullResponse;
    };
    const records = async (token: string, cases: string[]) => {
      const res = await ctx.request('POST', '/api/sync/records', { token, body: { protocolVersion: PROTOCOL_VERSION, cases } });
      expect(res.status).toBe(200);
      return ((await res.json()) as RecordsResponse).changes;
    };
    const row = await caseRow();
    expect((await pull(phone.token)).changes).toEqual([{ entity: 'case', id: 'k1', op: 'upsert', seq: row.seq, stateSeq: row.seq }]);
    const [k1] = await records(phone.token, ['k1', 'k1']);
    expect(k1).toMatchObject({ entity: 'case', id: 'k1', op: 'upsert', seq: row.seq, data: { seq: row.seq, doc: { id: 'k1', facts: '楼上漏水 k1' } } });
    // Outside the caller's scope every id reads as removed: another grid learns nothing, not even that k1 exists.
    const other = await syncClient(ctx, 'grid04');
    expect(await records(other.token, ['k1', 'nobody'])).toEqual([
      { entity: 'case', id: 'k1', op: 'remove', seq: 0 },
      { entity: 'case', id: 'nobody', op: 'remove', seq: 0 },
    ]);
    const tooMany = await ctx.request('POST', '/api/sync/records', { token: phone.token, body: { protocolVersion: PROTOCOL_VERSION, cases: Array.from({ length: 1001 }, (_, i) => `k${i}`) } });
    expect(tooMany.status).toBe(400);
  });

  it('merges edits of different fields from two devices', async () => {
    const staff = await syncClient(ctx, 'community01');
    await phone.push([{ id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { risk: 'yellow' }, base: {} } }]);
    const r = await staff.push([{ id: 1, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '社区补充' }, base: {} } }]);
    expect(r.results[0]?.status).toBe('applied');
    const doc = foldChanges((await phone.pullAll()).changes).get('case:k1')!;
    expect(doc).toMatchObject({ risk: 'yellow', facts: '社区补充' });
    expect((await caseRow()).has_conflict).toBe(0);
  });

  it('records a conflict with both values, keeps the server value, flags the case and shows it on both devices', async () => {
    // A second device of the grid (a staff desktop no longer keeps grid cases, see pull-scope.test.ts).
    const staff = await syncClient(ctx, 'grid01', 'grid01-tablet');
    const seen = (await staff.pullAll()).changes[0]!.data!.versions;
    await phone.push([{ id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '网格员版本' }, base: {} } }]);
    const r = await staff.push([{ id: 1, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '社区版本', risk: 'orange' }, base: seen } }]);
    expect(r.results[0]).toMatchObject({ status: 'conflict', code: 'EDIT_CONFLICT', conflicts: ['facts'] });
    expect((await caseRow()).has_conflict).toBe(1);
    for (const device of [phone, staff]) {
      const doc = foldChanges((await device.pullAll()).changes).get('case:k1') as { facts: string; risk: string; conflicts: Record<string, { path: string; serverValue: unknown; clientValue: unknown; resolved: boolean }> };
      expect(doc.facts).toBe('网格员版本');
      expect(doc.risk).toBe('orange');
      const conflicts = Object.values(doc.conflicts);
      expect(conflicts).toEqual([expect.objectContaining({ path: 'facts', serverValue: '网格员版本', clientValue: '社区版本', resolved: false })]);
    }
    const conflictId = Object.keys(foldChanges((await phone.pullAll()).changes).get('case:k1')!.conflicts as object)[0]!;
    const resolved = await phone.push([{ id: 3, name: 'case.resolveConflict', args: { caseId: 'k1', conflictId, value: '社区版本' } }]);
    expect(resolved.results[0]?.status).toBe('applied');
    expect(await caseRow()).toMatchObject({ has_conflict: 0 });
    expect(foldChanges((await staff.pullAll()).changes).get('case:k1')?.facts).toBe('社区版本');

    // The other device resolved it too, offline: the same choice is done; a different one is refused with a
    // reason of its own (not "not found") and changes nothing.
    const before = await caseRow();
    const same = await staff.push([{ id: 2, name: 'case.resolveConflict', args: { caseId: 'k1', conflictId, value: '社区版本' } }]);
    expect(same.results[0]).toMatchObject({ status: 'applied' });
    expect(same.results[0]?.seq).toBeUndefined();
    const other = await staff.push([{ id: 3, name: 'case.resolveConflict', args: { caseId: 'k1', conflictId, value: '网格员版本' } }]);
    expect(other.results[0]).toMatchObject({ status: 'rejected', code: 'CONFLICT_RESOLVED_ELSEWHERE' });
    expect(await caseRow()).toEqual(before);
  });

  it('edit versus escalation: the case moves to the community, the grid hears it left, a late grid edit is refused', async () => {
    const staff = await syncClient(ctx, 'community01');
    const esc = await phone.push([
      { id: 2, name: 'case.transition', args: { caseId: 'k1', action: 'escalate', payload: { escalationId: 'e1', toLevel: 'community', reason: '网格调解不成', date: '2024-03-05' } } },
    ]);
    expect(esc.results[0]?.status).toBe('applied');
    expect(await caseRow()).toMatchObject({ scope_path: '/d1/s1/c1/', handling_level: 'community', handling_node_id: 'c1' });
    const staffEdit = await staff.push([{ id: 1, name: 'case.edit', args: { caseId: 'k1', changes: { risk: 'yellow' }, base: {} } }]);
    expect(staffEdit.results[0]?.status).toBe('applied');
    const late = await phone.push([{ id: 3, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '离线修改' }, base: {} } }]);
    expect(late.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
    expect(late.results[0]?.message).toContain('community');
    const gridView = await phone.pullAll();
    expect(gridView.changes.at(-1)).toMatchObject({ id: 'k1', op: 'remove' });
    expect(foldChanges(gridView.changes).has('case:k1')).toBe(false);
    const staffDoc = foldChanges((await staff.pullAll()).changes).get('case:k1') as { handlingLevel: string; escalations: object };
    expect(staffDoc.handlingLevel).toBe('community');
    expect(Object.keys(staffDoc.escalations)).toEqual(['e1']);
  });

  it('edit versus delete: the deleted case disappears everywhere and the late edit comes back rejected', async () => {
    const staff = await syncClient(ctx, 'community01');
    await staff.pullAll();
    await phone.push([{ id: 2, name: 'case.transition', args: { caseId: 'k1', action: 'delete', payload: {} } }]);
    const late = await staff.push([{ id: 1, name: 'case.edit', args: { caseId: 'k1', changes: { facts: 'x' }, base: {} } }]);
    expect(late.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND', message: 'case k1 was deleted' });
    expect(foldChanges((await staff.pullAll()).changes).has('case:k1')).toBe(false);
    expect((await ctx.request('GET', '/api/cases/k1', { token: staff.token })).status).toBe(404);
  });

  it('serves REST writes through the same applier', async () => {
    const token = await ctx.login('grid02', 'grid02-browser');
    const created = await ctx.request('POST', '/api/cases', { token, body: newCaseArgs('r1', 'g02') });
    expect(created.status).toBe(200);
    const edit = await ctx.request('POST', '/api/cases/r1/edit', { token, body: { changes: { risk: 'yellow' } } });
    expect(((await edit.json()) as { case: { risk: string } }).case.risk).toBe('yellow');
    const illegal = await ctx.request('POST', '/api/cases/r1/actions/archive', { token, body: {} });
    expect(illegal.status).toBe(409);
    const list = await ctx.request('GET', '/api/cases?limit=10', { token });
    expect(((await list.json()) as { total: number }).total).toBe(1);
    const esc = await ctx.request('POST', '/api/cases/r1/actions/escalate', { token, body: { toLevel: 'subdistrict', reason: '重大' } });
    expect(await esc.json()).toMatchObject({ status: 'applied', case: { id: 'r1', outOfScope: true } });
    const streetToken = await ctx.login('street');
    const seen = await ctx.request('GET', '/api/cases/r1', { token: streetToken });
    expect(((await seen.json()) as { handlingLevel: string }).handlingLevel).toBe('subdistrict');
  });
});
