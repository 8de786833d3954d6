import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs, syncClient, type SyncClient } from './sync-test-kit.js';

const conclude = (caseId: string, concludedOn: string, extra: Record<string, unknown> = {}) => ({
  caseId,
  action: 'conclude',
  payload: { outcome: { code: 'success', concludedOn, body: 'grid_worker', notes: '', ...extra } },
});
const session = (id: string, date: string) => ({ id, date, mediator: '网格员01', body: 'grid_worker', notes: '' });
const visit = (id: string, date: string) => ({ id, date, visitor: '网格员01', performance: 'fulfilled', satisfaction: 'satisfied', residualRisk: false, notes: '' });

describe.each(testDatabases())('dates in order and levels as they happened, on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  let phone: SyncClient;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    phone = await syncClient(ctx, 'grid01');
  });
  afterEach(() => store.close());

  const row = (id: string) => store.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('refuses a conclusion before acceptance by sync push and by REST, and the year-end open count keeps agreeing with the open list', async () => {
    // Accepted 2024-03-02 (see newCaseArgs); k2 stays open, k3 is concluded in order.
    const r = await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.create', args: newCaseArgs('k2') },
      { id: 3, name: 'case.create', args: newCaseArgs('k3') },
      { id: 4, name: 'case.transition', args: conclude('k1', '2024-03-01') },
      { id: 5, name: 'case.transition', args: conclude('k3', '2024-03-05') },
    ]);
    expect(r.results.map((x) => [x.status, x.code ?? null])).toEqual([
      ['applied', null],
      ['applied', null],
      ['applied', null],
      ['rejected', 'DATES_OUT_OF_ORDER'],
      ['applied', null],
    ]);
    expect(r.results[3]!.issues).toEqual([expect.objectContaining({ path: 'outcome.concludedOn', code: 'CONCLUDED_BEFORE_ACCEPTED' })]);
    expect(await row('k1')).toMatchObject({ status: 'accepted', concluded_on: null });

    const token = await ctx.login('grid01');
    const rest = await ctx.request('POST', '/api/cases/k1/actions/conclude', { token, body: conclude('k1', '2023-12-30').payload });
    expect(rest.status).toBe(400);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('DATES_OUT_OF_ORDER');

    const street = await ctx.login('street');
    const annual = (await (await ctx.request('GET', '/api/reports/annual?year=2024', { token: street })).json()) as { live: { current: { openAtYearEnd: number } } };
    const drill = (await (await ctx.request('GET', '/api/reports/annual/cases?year=2024&figure=openAtYearEnd', { token: street })).json()) as { total: number; cases: { id: string }[] };
    const list = async (status: string) => ((await (await ctx.request('GET', `/api/cases?status=${status}`, { token: street })).json()) as { items: { id: string }[] }).items;
    const open = [...(await list('accepted')), ...(await list('mediating'))].map((c) => c.id).sort();
    expect(open).toEqual(['k1', 'k2']);
    expect(annual.live.current.openAtYearEnd).toBe(open.length);
    expect(drill.cases.map((c) => c.id).sort()).toEqual(open);
  });

  it('keeps the year-end open count equal to its list and to the stored cases after many attempts, in and out of order', async () => {
    // A small deterministic generator: conclusion attempts from 40 days before to 60 days after acceptance, some
    // across the year's end, two attempts per case (a refused one must leave the case as it was).
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const day = (iso: string, d: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
    const mutations: { id: number; name: string; args: unknown }[] = [];
    let id = 0;
    for (let i = 0; i < 12; i++) {
      const acceptedOn = day('2024-12-01', next(40));
      mutations.push({ id: ++id, name: 'case.create', args: newCaseArgs(`r${i}`, 'g01', { reportedOn: acceptedOn, acceptedOn }) });
      for (let a = 0; a < 2; a++) mutations.push({ id: ++id, name: 'case.transition', args: conclude(`r${i}`, day(acceptedOn, next(100) - 40)) });
    }
    const r = await phone.push(mutations);
    expect(r.results.every((x) => x.status === 'applied' || x.code === 'DATES_OUT_OF_ORDER' || x.code === 'ILLEGAL_TRANSITION')).toBe(true);
    expect(r.results.some((x) => x.code === 'DATES_OUT_OF_ORDER')).toBe(true);
    const rows = await store.db.selectFrom('cases').select(['id', 'accepted_on', 'concluded_on']).execute();
    for (const row of rows) if (row.concluded_on) expect(row.concluded_on >= row.accepted_on).toBe(true);
    const street = await ctx.login('street');
    for (const year of [2024, 2025]) {
      const ye = `${year}-12-31`;
      const expected = rows.filter((c) => c.accepted_on <= ye && (!c.concluded_on || c.concluded_on > ye)).map((c) => c.id).sort();
      const annual = (await (await ctx.request('GET', `/api/reports/annual?year=${year}`, { token: street })).json()) as { live: { current: { openAtYearEnd: number } } };
      const drill = (await (await ctx.request('GET', `/api/reports/annual/cases?year=${year}&figure=openAtYearEnd&limit=1000`, { token: street })).json()) as { cases: { id: string }[] };
      expect(annual.live.current.openAtYearEnd).toBe(expected.length);
      expect(drill.cases.map((c) => c.id).sort()).toEqual(expected);
    }
  });

  it('keeps sessions and visits inside the case’s life on every write', async () => {
    const early = await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { sessions: { s0: session('s0', '2024-03-01') } }) }]);
    expect(early.results[0]).toMatchObject({ status: 'rejected', issues: [expect.objectContaining({ path: 'case.sessions.s0.date', code: 'SESSION_OUTSIDE_CASE' })] });
    const r = await phone.push([
      { id: 2, name: 'case.create', args: newCaseArgs('k1') },
      { id: 3, name: 'case.edit', args: { caseId: 'k1', changes: { 'sessions.s1': session('s1', '2024-03-01') }, base: {} } },
      { id: 4, name: 'case.edit', args: { caseId: 'k1', changes: { 'sessions.s1': session('s1', '2024-03-04') }, base: {} } },
      // A conclusion before a session already held is as impossible as a session after the conclusion.
      { id: 5, name: 'case.transition', args: conclude('k1', '2024-03-03') },
      { id: 6, name: 'case.transition', args: conclude('k1', '2024-03-04') },
      { id: 7, name: 'case.edit', args: { caseId: 'k1', changes: { 'sessions.s2': session('s2', '2024-03-05') }, base: {} } },
      { id: 8, name: 'case.edit', args: { caseId: 'k1', changes: { 'followUps.f1': visit('f1', '2024-03-03') }, base: {} } },
      { id: 9, name: 'case.edit', args: { caseId: 'k1', changes: { 'followUps.f1': visit('f1', '2024-03-11') }, base: {} } },
      { id: 10, name: 'case.edit', args: { caseId: 'k1', changes: { acceptedOn: '2024-03-05' }, base: {} } },
    ]);
    expect(r.results.map((x) => [x.status, x.code ?? null])).toEqual([
      ['applied', null],
      ['rejected', 'DATES_OUT_OF_ORDER'],
      ['applied', null],
      ['rejected', 'DATES_OUT_OF_ORDER'],
      ['applied', null],
      ['rejected', 'DATES_OUT_OF_ORDER'],
      ['rejected', 'DATES_OUT_OF_ORDER'],
      ['applied', null],
      ['rejected', 'DATES_OUT_OF_ORDER'],
    ]);
    const doc = JSON.parse((await row('k1')).doc) as { sessions: Record<string, unknown>; followUps: Record<string, unknown>; acceptedOn: string };
    expect(Object.keys(doc.sessions)).toEqual(['s1']);
    expect(Object.keys(doc.followUps)).toEqual(['f1']);
    expect(doc.acceptedOn).toBe('2024-03-02');
  });

  it('records the level the case is at when concluded, whatever level the phone names', async () => {
    const r = await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.transition', args: conclude('k1', '2024-03-05', { resolvedLevel: 'district' }) },
      { id: 3, name: 'case.create', args: newCaseArgs('k2') },
      { id: 4, name: 'case.transition', args: { caseId: 'k2', action: 'escalate', payload: { escalationId: 'e0', toLevel: 'community', reason: '分歧较大', date: '2024-03-01' } } },
      { id: 5, name: 'case.transition', args: { caseId: 'k2', action: 'escalate', payload: { escalationId: 'e1', toLevel: 'community', reason: '分歧较大', date: '2024-03-03' } } },
    ]);
    // An escalation before the acceptance is as impossible as a session before it.
    expect(r.results.map((x) => x.code ?? x.status)).toEqual(['applied', 'applied', 'applied', 'DATES_OUT_OF_ORDER', 'applied']);
    expect(await row('k1')).toMatchObject({ status: 'concluded', resolved_level: 'grid', handling_level: 'grid' });
    const community = await syncClient(ctx, 'community01');
    const c = await community.push([{ id: 1, name: 'case.transition', args: conclude('k2', '2024-03-06', { resolvedLevel: 'grid', body: 'community_committee' }) }]);
    expect(c.results[0]!.status).toBe('applied');
    expect(await row('k2')).toMatchObject({ resolved_level: 'community' });

    const street = await ctx.login('street');
    const annual = (await (await ctx.request('GET', '/api/reports/annual?year=2024', { token: street })).json()) as {
      live: { current: { byLevel: { key: string; resolved: number }[] } };
    };
    const resolved = Object.fromEntries(annual.live.current.byLevel.map((l) => [l.key, l.resolved]));
    expect(resolved).toMatchObject({ grid: 1, community: 1, district: 0 });
  });

  it('gives each case change\'s audit row the scope the case has after that change (an escalation moves it up)', async () => {
    const r = await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '补充' }, base: {} } },
      // Nothing changes: no write, the audit row reads the scope as stored.
      { id: 3, name: 'case.edit', args: { caseId: 'k1', changes: {}, base: {} } },
      { id: 4, name: 'case.transition', args: { caseId: 'k1', action: 'escalate', payload: { escalationId: 'e1', toLevel: 'community', reason: '分歧较大', date: '2024-03-03' } } },
    ]);
    expect(r.results.map((x) => x.message ?? x.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const audit = await store.db.selectFrom('audit_events').select(['action', 'scope_path']).where('case_id', '=', 'k1').orderBy('seq').execute();
    const community = (await row('k1')).scope_path;
    expect(community).not.toBe('/d1/s1/c1/g01/');
    expect(audit.map((a) => [a.action, a.scope_path])).toEqual([
      ['case.create', '/d1/s1/c1/g01/'],
      ['case.edit', '/d1/s1/c1/g01/'],
      ['case.edit', '/d1/s1/c1/g01/'],
      ['case.transition', community],
    ]);
  });
});
