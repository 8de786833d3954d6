import { PROTOCOL_VERSION, type PullResponse, type RecordsResponse } from '@tiaojie/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { foldChanges, newCaseArgs, syncClient, type SyncClient } from './sync-test-kit.js';

const escalate = (caseId: string, toLevel: string, escalationId: string) => ({
  name: 'case.transition',
  args: { caseId, action: 'escalate', payload: { escalationId, toLevel, reason: '需要上级调解', date: '2024-03-05' } },
});
const conclude = (caseId: string, body: string) => ({
  name: 'case.transition',
  args: { caseId, action: 'conclude', payload: { outcome: { code: 'success', concludedOn: '2024-03-09', body, notes: '' } } },
});
const activity = (id: string, nodeId: string) => ({
  name: 'activity.create',
  args: { activity: { id, nodeId, kind: 'meeting', date: '2024-03-04', title: '矛排会', participants: 12, disputesFound: 1 } },
});

/** Ids (entity:id) a device holds after folding everything it pulled from `cursor`. */
const held = async (c: SyncClient, cursor = 0) => [...foldChanges((await c.pullAll(cursor, 3)).changes).keys()].sort();

describe.each(testDatabases())('pull scope by role on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  let grid01: SyncClient;
  let grid04: SyncClient;
  let community01: SyncClient;
  let street: SyncClient;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    grid01 = await syncClient(ctx, 'grid01');
    grid04 = await syncClient(ctx, 'grid04');
    community01 = await syncClient(ctx, 'community01');
    street = await syncClient(ctx, 'street');
    const first = await grid01.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01') },
      { id: 2, name: 'case.create', args: newCaseArgs('k2', 'g01') },
      { id: 3, name: 'case.create', args: newCaseArgs('k3', 'g01') },
      { id: 4, ...escalate('k2', 'community', 'e1') },
      { id: 5, ...escalate('k3', 'subdistrict', 'e2') },
    ]);
    expect(first.results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
    await grid04.push([{ id: 1, name: 'case.create', args: newCaseArgs('k4', 'g04') }]);
  });
  afterEach(() => store.close());

  it('gives a grid worker its grid, and each staff device only the cases its own unit handles', async () => {
    expect(await held(grid01)).toEqual(['case:k1']);
    expect(await held(grid04)).toEqual(['case:k4']);
    expect(await held(community01)).toEqual(['case:k2']);
    expect(await held(street)).toEqual(['case:k3']);
    // The whole subtree stays readable online for staff.
    expect((await ctx.request('GET', '/api/cases/k4', { token: street.token })).status).toBe(200);
  });

  it("sends a grid's phones the trace of each case escalated out of it, full or lean, and no other grid's", async () => {
    // A second phone of the same worker (a new phone, a reinstall) never held k2 or k3.
    const newPhone = await syncClient(ctx, 'grid01', 'grid01-phone-2');
    // Escalated on from the community: the trace still names where the grid sent it.
    await community01.push([{ id: 1, ...escalate('k2', 'subdistrict', 'e3') }]);
    const tracesOf = (changes: PullResponse['changes']) =>
      Object.fromEntries(changes.flatMap((c) => (c.entity === 'case' && c.op === 'remove' && c.trace ? [[c.id, c.trace]] : [])));
    const full = tracesOf((await newPhone.pullAll(0, 2)).changes);
    expect(Object.keys(full).sort()).toEqual(['k2', 'k3']);
    expect(full.k2).toEqual({
      id: 'k2',
      caseNo: expect.stringMatching(/^（2024）清河调字第\d{4}号$/),
      type: 'neighbour',
      facts: '楼上漏水 k2',
      gridId: 'g01',
      acceptedOn: '2024-03-02',
      partyNames: ['王秀英'],
      toLevel: 'community',
      toNodeId: 'c1',
      escalatedOn: '2024-03-05',
      reason: '需要上级调解',
    });
    expect(full.k3).toMatchObject({ id: 'k3', toLevel: 'subdistrict', partyNames: ['王秀英'] });
    // No phone, ID number or other party data rides along.
    expect(JSON.stringify(full)).not.toMatch(/1380013|phone|idNumber/);

    const lean = await ctx.request('POST', '/api/sync/pull', { token: newPhone.token, body: { protocolVersion: PROTOCOL_VERSION, cursor: 0, limit: 500, lean: true } });
    expect(tracesOf(((await lean.json()) as PullResponse).changes)).toEqual(full);

    // Another grid's worker, staff devices and a case that stayed get none.
    expect(tracesOf((await grid04.pullAll()).changes)).toEqual({});
    expect(tracesOf((await community01.pullAll()).changes)).toEqual({});
    expect(tracesOf((await street.pullAll()).changes)).toEqual({});
  });

  it('moves a case in on escalation and out when passed on, with a remove the device applies', async () => {
    const start = (await street.pullAll()).cursor;
    const streetStart = await held(street);
    await community01.push([{ id: 1, ...escalate('k2', 'subdistrict', 'e3') }]);
    const arrival = await street.pullAll(start);
    expect(arrival.changes.map((c) => [c.id, c.op])).toEqual([['k2', 'upsert']]);
    expect(await held(street)).toEqual([...streetStart, 'case:k2'].sort());
    const communityCursor = (await community01.pullAll()).cursor;
    expect(await held(community01)).toEqual([]);
    // Passed on to the district: the sub-district hears it left, the district desktop gets it.
    await street.push([{ id: 1, ...escalate('k2', 'district', 'e4') }]);
    const leaving = await street.pullAll(arrival.cursor);
    expect(leaving.changes.map((c) => [c.id, c.op])).toEqual([['k2', 'remove']]);
    expect((await community01.pullAll(communityCursor)).changes).toEqual([]);
    const district = await syncClient(ctx, 'district');
    expect(await held(district)).toEqual(['case:k2']);
  });

  it('keeps a concluded case of its unit (reopen and archive are still its to do) and lets it go once archived', async () => {
    const before = (await street.pullAll()).cursor;
    await street.push([{ id: 1, ...conclude('k3', 'subdistrict_committee') }]);
    const concluded = await street.pullAll(before);
    expect(concluded.changes).toHaveLength(1);
    expect(concluded.changes[0]).toMatchObject({ id: 'k3', op: 'upsert', data: { doc: { status: 'concluded' } } });
    const archive = await street.push([{ id: 2, name: 'case.transition', args: { caseId: 'k3', action: 'archive', payload: {} } }]);
    expect(archive.results[0]).toMatchObject({ status: 'applied' });
    // The push answer carries no state for what the device no longer keeps, and the pull removes it.
    expect(archive.results[0]?.data).toBeUndefined();
    expect((await street.pullAll(concluded.cursor)).changes.map((c) => [c.id, c.op])).toEqual([['k3', 'remove']]);
    // A grid worker's concluded case stays on the phone (unchanged rule).
    await grid01.push([{ id: 6, ...conclude('k1', 'grid_worker') }]);
    expect(await held(grid01)).toEqual(['case:k1']);
  });

  it('gives a staff device its own work-log entries only, and a grid phone its grid’s', async () => {
    await street.push([{ id: 1, ...activity('a-street', 's1') }, { id: 2, ...activity('a-street-c1', 'c1') }]);
    await community01.push([{ id: 1, ...activity('a-c1', 'c1') }]);
    await grid01.push([{ id: 6, ...activity('a-g01', 'g01') }]);
    expect(await held(street)).toEqual(['activity:a-street', 'activity:a-street-c1', 'case:k3']);
    expect(await held(community01)).toEqual(['activity:a-c1', 'case:k2']);
    expect(await held(grid01)).toEqual(['activity:a-g01', 'case:k1']);
    // Others' entries are not sent at all (not even as removes): the device never held them.
    const streetPull = await street.pullAll();
    expect(streetPull.changes.map((c) => c.id)).not.toContain('a-c1');
    expect(streetPull.changes.map((c) => c.id)).not.toContain('a-g01');
  });

  it('a staff case created in a grid is not kept by the staff device, and records by id follow the same scope', async () => {
    const r = await street.push([{ id: 1, name: 'case.create', args: newCaseArgs('k9', 'g05') }]);
    expect(r.results[0]).toMatchObject({ status: 'applied' });
    expect(r.results[0]?.data).toBeUndefined();
    expect(await held(street)).toEqual(['case:k3']);
    const lean = await ctx.request('POST', '/api/sync/pull', { token: street.token, body: { protocolVersion: PROTOCOL_VERSION, cursor: 0, lean: true } });
    expect(((await lean.json()) as PullResponse).changes.filter((c) => c.op === 'upsert').map((c) => c.id)).toEqual(['k3']);
    const records = await ctx.request('POST', '/api/sync/records', { token: street.token, body: { protocolVersion: PROTOCOL_VERSION, cases: ['k3', 'k9'] } });
    expect(((await records.json()) as RecordsResponse).changes.map((c) => [c.id, c.op])).toEqual([
      ['k3', 'upsert'],
      ['k9', 'remove'],
    ]);
  });
});
