import { maskIdDocument, maskPhone } from '@tiaojie/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { foldChanges, newCaseArgs, syncClient } from '../sync/sync-test-kit.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { REVEALS_PER_WINDOW } from './reveal-limit.js';

const ID = '110101199003074477';
const PHONE = '13912345678';
const person = (phone = PHONE) => ({ id: 'p1', role: 'applicant', kind: 'person', sex: 'male', age: 34, personal: { name: '赵立新', idNumber: ID, phone } });
const caseArgs = (id: string) => newCaseArgs(id, 'g01', { parties: { p1: person() } });
type Personal = Record<string, unknown>;
const p1Of = (c: unknown) => (c as { parties: Record<string, { personal: Personal }> }).parties.p1!.personal;

describe.each(testDatabases())('minimum disclosure on $name', ({ create }) => {
  let store: Store;
  let ctx: TestContext;
  let street: string;
  let grid01: string;

  beforeAll(async () => {
    store = await create();
    ctx = await createTestContext(store);
    street = await ctx.login('street');
    grid01 = await ctx.login('grid01');
    const phone = await syncClient(ctx, 'grid01', 'grid01-handset');
    const pushed = await phone.push([
      { id: 1, name: 'case.create', args: caseArgs('d-1') },
      { id: 2, name: 'case.create', args: caseArgs('d-2') },
      { id: 3, name: 'case.create', args: caseArgs('d-3') },
      // Handled by the sub-district from here on: the street desktop keeps it (and pulls it).
      { id: 4, name: 'case.transition', args: { caseId: 'd-3', action: 'escalate', payload: { escalationId: 'e1', toLevel: 'subdistrict', reason: '涉及金额较大', date: '2024-03-05' } } },
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    // The push answer already follows the rule: the handling grid worker gets the phone, not the ID number.
    const state = pushed.results[0]!.data!;
    expect(p1Of(state.doc)).toMatchObject({ phone: PHONE, idNumberMasked: maskIdDocument('resident_id', ID) });
    expect(p1Of(state.doc).idNumber).toBeUndefined();
  }, 60_000);
  afterAll(() => store.close());

  it('gives staff masked ID numbers and phones in lists, case reads and pulls, with keyed hashes for the duplicate check', async () => {
    const list = await (await ctx.request('GET', '/api/cases', { token: street })).text();
    const one = await (await ctx.request('GET', '/api/cases/d-1', { token: street })).text();
    const pulled = JSON.stringify((await (await syncClient(ctx, 'street', 'street-desktop')).pullAll()).changes);
    for (const answer of [list, one, pulled]) {
      expect(answer).not.toContain(ID);
      expect(answer).not.toContain(PHONE);
      expect(answer).toContain('110101********4477');
      expect(answer).toContain(maskPhone(PHONE));
    }
    expect(maskPhone(PHONE)).toBe('139****5678');
    const p = p1Of(JSON.parse(one));
    expect(p).toEqual({ name: '赵立新', idType: 'resident_id', idNumberMasked: '110101********4477', idHash: expect.any(String), phoneMasked: '139****5678', phoneHash: expect.any(String) });
    // The same values in another case give the same hashes (what the duplicate check compares); another value does not.
    const other = p1Of(await (await ctx.request('GET', '/api/cases/d-2', { token: street })).json());
    expect([other.idHash, other.phoneHash]).toEqual([p.idHash, p.phoneHash]);
    expect(p.idHash).not.toBe(p.phoneHash);
  });

  it('lets the grid worker handling the case keep the phone but not the ID number', async () => {
    const pulled = foldChanges((await (await syncClient(ctx, 'grid01', 'grid01-second')).pullAll()).changes).get('case:d-1');
    expect(p1Of(pulled)).toMatchObject({ phone: PHONE, idNumberMasked: '110101********4477' });
    expect(JSON.stringify(pulled)).not.toContain(ID);
    // Another grid's worker sees neither (the case is not in their subtree at all).
    const grid02 = await ctx.login('grid02');
    expect((await ctx.request('GET', '/api/cases/d-1', { token: grid02 })).status).toBe(404);
  });

  it('keeps a withheld value through an edit that sends the party back as it was disclosed, and takes a new one', async () => {
    const disclosed = (await (await ctx.request('GET', '/api/cases/d-1', { token: street })).json()) as { parties: Record<string, unknown> };
    const party = disclosed.parties.p1 as { personal: Personal };
    const edited = { ...party, age: 35 };
    const res = await ctx.request('POST', '/api/cases/d-1/edit', { token: street, body: { changes: { 'parties.p1': edited } } });
    expect(res.status).toBe(200);
    const stored = async () => JSON.parse(store.personal.open((await store.db.selectFrom('cases').select('personal').where('id', '=', 'd-1').executeTakeFirstOrThrow()).personal)) as Record<string, Personal>;
    expect((await stored()).p1).toEqual({ name: '赵立新', idType: 'resident_id', idNumber: ID, phone: PHONE });
    // A new phone typed in replaces the stored one; no disclosure field is ever stored.
    const res2 = await ctx.request('POST', '/api/cases/d-1/edit', {
      token: street,
      body: { changes: { 'parties.p1': { ...edited, personal: { ...party.personal, phone: '13700001111' } } } },
    });
    expect(res2.status).toBe(200);
    expect((await stored()).p1).toEqual({ name: '赵立新', idType: 'resident_id', idNumber: ID, phone: '13700001111' });
    // Without the hash, a missing value is a removal (the edit says what it means).
    const { idHash: _drop, idNumberMasked: _masked, ...noId } = party.personal;
    void _drop;
    void _masked;
    await ctx.request('POST', '/api/cases/d-2/edit', { token: grid01, body: { changes: { 'parties.p1': { ...party, personal: { ...noId, phoneHash: undefined, phone: PHONE } } } } });
    const d2 = JSON.parse(store.personal.open((await store.db.selectFrom('cases').select('personal').where('id', '=', 'd-2').executeTakeFirstOrThrow()).personal)) as Record<string, Personal>;
    expect(d2.p1!.idNumber).toBeUndefined();
  });

  it('reveals one party whole for a reason, in scope only, audited without the values, and rate-limited', async () => {
    const reveal = (token: string, body: unknown, caseId = 'd-1', partyId = 'p1') =>
      ctx.request('POST', `/api/cases/${caseId}/parties/${partyId}/reveal`, { token, body });
    expect((await reveal(street, {})).status).toBe(400);
    expect((await reveal(street, { reason: ' ' })).status).toBe(400);
    expect((await reveal(await ctx.login('grid02'), { reason: '核实身份' })).status).toBe(404);
    expect((await reveal(street, { reason: '核实身份' }, 'd-1', 'nobody')).status).toBe(404);
    const res = await reveal(street, { reason: '电话回访前核实身份' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const body = (await res.json()) as { personal: Personal };
    expect(body.personal).toMatchObject({ idNumber: ID, name: '赵立新' });
    const events = await store.db.selectFrom('audit_events').selectAll().where('action', '=', 'personal.reveal').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ case_id: 'd-1', party_id: 'p1', actor_id: expect.any(String), device_id: expect.any(String) });
    expect(JSON.parse(events[0]!.details)).toMatchObject({ reason: '电话回访前核实身份' });
    expect(JSON.stringify(events)).not.toContain(ID);
    // Refused reveals (bad reason, out of scope) left no record; the limit counts per account.
    const codes: number[] = [];
    for (let i = 1; i < REVEALS_PER_WINDOW + 2; i++) codes.push((await reveal(street, { reason: `第${i}次` })).status);
    expect(codes.filter((s) => s === 200)).toHaveLength(REVEALS_PER_WINDOW - 1);
    const last = await reveal(street, { reason: '再来一次' });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await reveal(grid01, { reason: '联系当事人' })).status).toBe(200);
    expect(await store.db.selectFrom('audit_events').select('seq').where('action', '=', 'personal.reveal').execute()).toHaveLength(REVEALS_PER_WINDOW + 1);
  });
});
