import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { newCaseArgs, syncClient } from '../sync/sync-test-kit.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { overdueAcceptedBy, type CaseSearchRow } from './case-search.js';
import { indexExistingPartyNames } from './party-names.js';

const ID = '110101199003074477';
const PHONE = '13912345678';
const withParty = (name: string, extra: Record<string, unknown> = {}) => ({
  parties: { p1: { id: 'p1', role: 'applicant', kind: 'person', sex: 'male', age: 40, personal: { name, idNumber: ID, phone: PHONE } } },
  ...extra,
});
type Page = { items: CaseSearchRow[]; total: number };

describe.each(testDatabases())('staff case search on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  let street: string;
  const search = async (token: string, query: string): Promise<Page> => {
    const res = await ctx.request('GET', `/api/cases/search?${query}`, { token });
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    street = await ctx.login('street');
    const g01 = await syncClient(ctx, 'grid01');
    const g04 = await syncClient(ctx, 'grid04');
    const r1 = await g01.push([
      // Accepted long ago and still open: overdue.
      { id: 1, name: 'case.create', args: newCaseArgs('a1', 'g01', withParty('王秀英', { reportedOn: '2024-01-01', acceptedOn: '2024-01-02' })) },
      { id: 2, name: 'case.create', args: newCaseArgs('a2', 'g01', withParty('李 建国', { type: 'contract', reportedOn: '2024-02-01', acceptedOn: '2024-02-03' })) },
      { id: 3, name: 'case.create', args: newCaseArgs('a3', 'g01', withParty('张伟', { reportedOn: '2024-03-01', acceptedOn: '2024-03-04' })) },
      { id: 4, name: 'case.transition', args: { caseId: 'a3', action: 'escalate', payload: { escalationId: 'e1', toLevel: 'subdistrict', reason: '金额较大', date: '2024-03-05' } } },
      { id: 5, name: 'case.transition', args: { caseId: 'a2', action: 'conclude', payload: { outcome: { code: 'success', concludedOn: '2024-02-10', body: 'grid_worker', notes: '' } } } },
    ]);
    expect(r1.results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
    const r2 = await g04.push([1, 2, 3, 4].map((n) => ({ id: n, name: 'case.create', args: newCaseArgs(`b${n}`, 'g04', withParty(`赵${n}`, { reportedOn: `2024-04-0${n}`, acceptedOn: `2024-04-0${n}` })) })));
    expect(r2.results.map((r) => r.status)).toEqual(Array(4).fill('applied'));
  });
  afterEach(() => store.close());

  it('lists the whole subtree, newest accepted first, paged with an exact count', async () => {
    const first = await search(street, 'limit=3');
    expect(first.total).toBe(7);
    expect(first.items.map((r) => r.id)).toEqual(['b4', 'b3', 'b2']);
    const rest = await search(street, 'limit=3&offset=3');
    expect(rest.items.map((r) => r.id)).toEqual(['b1', 'a3', 'a2']);
    expect((await search(street, 'limit=3&offset=6')).items.map((r) => r.id)).toEqual(['a1']);
    expect((await search(street, 'sort=acceptedOn&dir=asc&limit=2')).items.map((r) => r.id)).toEqual(['a1', 'a2']);
    // A community sees what is handled within its subtree only (a3 went up to the sub-district); a grid worker its grid.
    const c1 = await search(await ctx.login('community01'), '');
    expect(c1.items.map((r) => r.id).sort()).toEqual(['a1', 'a2']);
    expect((await search(await ctx.login('grid04'), '')).total).toBe(4);
  });

  it('filters by status, type, unit, grid and overdue', async () => {
    const ids = async (q: string) => (await search(street, q)).items.map((r) => r.id).sort();
    expect(await ids('status=concluded')).toEqual(['a2']);
    expect(await ids('status=open&gridId=g01')).toEqual(['a1', 'a3']);
    expect(await ids('type=contract')).toEqual(['a2']);
    expect(await ids('unitId=s1')).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'b4']);
    expect(await ids('unitId=c1')).toEqual(['a1', 'a2']);
    expect(await ids('unitId=g04&limit=2')).toHaveLength(2);
    expect((await search(street, 'unitId=g04&limit=2')).total).toBe(4);
    // Everything open here was accepted in 2024: all overdue now, the concluded one is not.
    expect(await ids('overdue=true')).toEqual(['a1', 'a3', 'b1', 'b2', 'b3', 'b4']);
    const row = (await search(street, 'q=王秀英')).items[0]!;
    expect(row).toMatchObject({ id: 'a1', overdue: true, deadline: '2024-02-02', status: 'accepted', handlingNodeId: 'g01' });
  });

  it('narrows to a unit with its communities and grids, only inside the caller\'s scope', async () => {
    const g04 = await syncClient(ctx, 'grid04', 'grid04-second');
    const up = await g04.push([{ id: 1, name: 'case.transition', args: { caseId: 'b4', action: 'escalate', payload: { escalationId: 'e2', toLevel: 'community', reason: '需社区协调', date: '2024-04-05' } } }]);
    expect(up.results.map((r) => r.status)).toEqual(['applied']);
    const ids = async (token: string, q: string) => (await search(token, q)).items.map((r) => r.id).sort();
    // 西苑社区: the case it handles itself and those its grid g04 handles (a3 went up from g01 to the sub-district).
    expect(await ids(street, 'unitId=c2')).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(await ids(street, 'unitId=g04')).toEqual(['b1', 'b2', 'b3']);
    expect(await ids(street, 'unitId=c2&status=open&type=neighbour')).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect((await search(street, 'unitId=c2&limit=1')).total).toBe(4);
    const community02 = await ctx.login('community02');
    expect(await ids(community02, 'unitId=c2')).toEqual(['b1', 'b2', 'b3', 'b4']);
    // Another community's unit, the caller's parent, or an unknown node: nothing, not an error that tells them apart.
    const community01 = await ctx.login('community01');
    for (const unit of ['c2', 'g04', 's1', 'nowhere']) expect(await search(community01, `unitId=${unit}`)).toEqual({ items: [], total: 0 });
    expect((await search(await ctx.login('grid04'), 'unitId=c2')).total).toBe(0);
    expect(await ids(await ctx.login('grid04'), 'unitId=g04')).toEqual(['b1', 'b2', 'b3']);
  });

  it('sorts by handling unit in org order, both ways, newest first within a unit, and pages without overlap or gaps', async () => {
    const g04 = await syncClient(ctx, 'grid04', 'grid04-second');
    const g05 = await syncClient(ctx, 'grid05');
    await g04.push([{ id: 1, name: 'case.transition', args: { caseId: 'b4', action: 'escalate', payload: { escalationId: 'e2', toLevel: 'community', reason: '需社区协调', date: '2024-04-05' } } }]);
    // Same grid, same acceptance date: only the id tells them apart.
    const r = await g05.push(['t2', 't1', 't3'].map((id, n) => ({ id: n + 1, name: 'case.create', args: newCaseArgs(id, 'g05', withParty(`钱${n}`, { reportedOn: '2024-05-01', acceptedOn: '2024-05-01' })) })));
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    // 清河街道 itself (a3), 东湖社区's grid g01 (newest first), 西苑社区 itself (b4), its g04, then g05 (ties by id).
    const units = [['a3'], ['a2', 'a1'], ['b4'], ['b3', 'b2', 'b1'], ['t3', 't2', 't1']];
    const expected = { asc: units.flat(), desc: [...units].reverse().flat() };
    const all = await search(street, 'sort=unit&dir=asc&limit=50');
    expect(all.items.map((x) => x.id)).toEqual(expected.asc);
    expect((await search(street, 'sort=unit&dir=desc&limit=50')).items.map((x) => x.id)).toEqual(expected.desc);
    for (const dir of ['asc', 'desc'] as const) {
      for (const size of [1, 3, 4]) {
        const pages: string[] = [];
        for (let offset = 0; offset < expected[dir].length; offset += size) {
          pages.push(...(await search(street, `sort=unit&dir=${dir}&limit=${size}&offset=${offset}`)).items.map((x) => x.id));
        }
        expect(pages).toEqual(expected[dir]);
      }
    }
    // With a unit filter and another filter, the same order restricted.
    expect((await search(street, 'sort=unit&dir=asc&unitId=c2&status=open')).items.map((x) => x.id)).toEqual(['b4', 'b3', 'b2', 'b1', 't3', 't2', 't1']);
    expect((await search(await ctx.login('community01'), 'sort=unit&dir=asc')).items.map((x) => x.id)).toEqual(['a2', 'a1']);
  });

  it('finds a case number part or a whole party name, and answers no ID number or phone in any form', async () => {
    const row = (await search(street, 'q=王秀英')).items;
    expect(row.map((r) => r.id)).toEqual(['a1']);
    // Names are normalised (spaces, width) before hashing; a part of a name matches nothing (hashes, not text).
    expect((await search(street, `q=${encodeURIComponent('李建国')}`)).items.map((r) => r.id)).toEqual(['a2']);
    expect((await search(street, 'q=王秀')).total).toBe(0);
    const caseNo = row[0]!.caseNo!;
    expect(caseNo).toBeTruthy();
    const byNumber = await search(street, `q=${encodeURIComponent(caseNo)}`);
    expect(byNumber.items.map((r) => r.id)).toEqual(['a1']);
    // Outside the caller's subtree a name finds nothing.
    expect((await search(await ctx.login('community02'), 'q=王秀英')).total).toBe(0);
    const all = JSON.stringify(await search(street, 'limit=200'));
    for (const secret of [ID, PHONE, '4477', '5678', 'idHash', 'phoneHash', 'Masked']) expect(all).not.toContain(secret);
    const names = await store.db.selectFrom('case_party_names').selectAll().execute();
    expect(JSON.stringify(names)).not.toContain('王秀英');
  });

  it('keeps the name index equal to the parties through edits, and indexes cases stored before it once', async () => {
    const g01 = await syncClient(ctx, 'grid01', 'grid01-second');
    await g01.push([{ id: 1, name: 'case.edit', args: { caseId: 'a1', changes: { 'parties.p2': { id: 'p2', role: 'respondent', kind: 'person', personal: { name: '陈静' } } }, base: {} } }]);
    expect((await search(street, 'q=陈静')).items.map((r) => r.id)).toEqual(['a1']);
    expect((await search(street, 'q=王秀英')).items.map((r) => r.id)).toEqual(['a1']);
    await store.db.deleteFrom('case_party_names').execute();
    expect((await search(street, 'q=陈静')).total).toBe(0);
    expect(await indexExistingPartyNames(store, 3)).toBe(7);
    expect((await search(street, 'q=陈静')).items.map((r) => r.id)).toEqual(['a1']);
    expect(await indexExistingPartyNames(store)).toBe(0);
    // Another hash key (a master-key rotation derives a new one): hashed again at the next start.
    await store.db.updateTable('server_meta').set({ value: 'older-key' }).where('key', '=', 'party_names_indexed').execute();
    expect(await indexExistingPartyNames(store)).toBe(7);
  });

  it('refuses a bad filter with a reason', async () => {
    const res = await ctx.request('GET', '/api/cases/search?status=lost&limit=0', { token: street });
    expect(res.status).toBe(400);
  });
});

describe('overdueAcceptedBy', () => {
  it('is the last acceptance date whose one-month deadline has passed', () => {
    expect(overdueAcceptedBy('2024-03-31')).toBe('2024-02-29');
    expect(overdueAcceptedBy('2024-03-02')).toBe('2024-02-01');
    expect(overdueAcceptedBy('2024-05-01')).toBe('2024-03-31');
  });
});
