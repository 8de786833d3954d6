import { collectionLimits, textLimits } from '@tiaojie/domain';
import { MAX_EDIT_PATHS, MAX_PUSH_BYTES, MAX_PUSH_MUTATIONS, PAGE_CHARS, PROTOCOL_VERSION, type PullResponse, type PushResponse, type RecordsResponse } from '@tiaojie/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs, syncClient } from './sync-test-kit.js';

/** JSON of a value nested `depth` arrays deep (JSON.stringify itself overflows the stack on it). */
const DEEP = '__deep__';
const deepJson = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
const session = (id: string) => ({ id, date: '2024-03-05', mediator: '李调解', body: 'grid_worker', notes: '' });
const sessions = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`sessions.s${i}`, session(`s${i}`)]));

describe.each(testDatabases())('sync limits and bad mutations on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  const mutationCount = async () => Number((await store.db.selectFrom('mutations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('records invalid mutations (NUL in an id or a value, nesting 5,000 deep) as rejected, answers them, and moves on', async () => {
    const token = await ctx.login('grid01', 'grid01-phone-1');
    const push = async (mutations: unknown[]) => {
      const body = JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId: 'grid01-phone-1', mutations }).replaceAll(`"${DEEP}"`, deepJson(5000));
      const res = await ctx.app.request('/api/sync/push', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
      return (await res.json()) as PushResponse;
    };
    const batch = [
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.edit', args: { caseId: 'k\u00001', changes: { facts: 'x' } } },
      { id: 3, name: 'case.create', args: newCaseArgs('k\u00002') },
      { id: 4, name: 'case.resolveConflict', args: { caseId: 'k1', conflictId: 'c1', value: DEEP } },
      { id: 5, name: 'case.edit', args: { caseId: 'k1', changes: { facts: DEEP } } },
      { id: 6, name: 'case.ed\u0000it', args: {}, clientTime: 'at\u0000noon' },
      { id: 7, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '改好了' } } },
    ].map((m) => ({ clientTime: '2024-03-05T08:00:00Z', ...m }));
    const first = await push(batch);
    expect(first.results.map((r) => [r.id, r.status, r.code ?? null])).toEqual([
      [1, 'applied', null],
      [2, 'rejected', 'VALIDATION_FAILED'],
      [3, 'rejected', 'VALIDATION_FAILED'],
      [4, 'rejected', 'VALIDATION_FAILED'],
      [5, 'rejected', 'VALIDATION_FAILED'],
      [6, 'rejected', 'VALIDATION_FAILED'],
      [7, 'applied', null],
    ]);
    const again = await push(batch);
    expect(again.results.map((r) => r.status)).toEqual(first.results.map((r) => r.status));
    expect(await mutationCount()).toBe(7);
  });

  it('records a mutation that throws on every try as rejected (MUTATION_FAILED), and the next one is applied', async () => {
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1') }]);
    // A stored document the server cannot read (damaged outside the app): any edit of it throws.
    await store.db.updateTable('cases').set({ doc: '{"broken' }).where('id', '=', 'k1').execute();
    const batch = [
      { id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { facts: 'x' } } },
      { id: 3, name: 'case.create', args: newCaseArgs('k2') },
    ];
    for (let round = 0; round < 2; round++) {
      const r = await phone.push(batch);
      expect(r.results.map((x) => [x.id, x.status, x.code ?? null])).toEqual([
        [2, 'rejected', 'MUTATION_FAILED'],
        [3, 'applied', null],
      ]);
      expect(r.results[0]!.message).not.toContain('broken');
    }
    expect(await mutationCount()).toBe(3);
  });

  it('refuses text over its limit, too many items, and conflicting values its field could not hold', async () => {
    const a = await syncClient(ctx, 'grid01', 'grid01-phone-a');
    const b = await syncClient(ctx, 'grid01', 'grid01-phone-b');
    const parties = Object.fromEntries(Array.from({ length: collectionLimits.parties + 1 }, (_, i) => [`p${i}`, { id: `p${i}`, role: 'applicant', personal: { name: '王' } }]));
    const r = await a.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.create', args: newCaseArgs('k2', 'g01', { facts: '案'.repeat(textLimits.facts + 1) }) },
      { id: 3, name: 'case.create', args: newCaseArgs('k3', 'g01', { parties }) },
      { id: 4, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '甲改' } } },
      { id: 5, name: 'case.edit', args: { caseId: 'k1', changes: sessions(collectionLimits.sessions + 1) } },
      { id: 6, name: 'case.edit', args: { caseId: 'k1', changes: sessions(1230) } },
      { id: 7, name: 'case.edit', args: { caseId: 'k1', changes: sessions(collectionLimits.sessions) } },
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'rejected', 'rejected', 'applied', 'rejected', 'rejected', 'applied']);
    expect(r.results[5]!.issues?.[0]).toMatchObject({ path: 'changes', code: 'TOO_MANY' });
    expect(1230).toBeGreaterThan(MAX_EDIT_PATHS);
    expect(r.results[1]!.issues?.[0]).toMatchObject({ path: 'case.facts', code: 'TOO_LONG' });
    expect(r.results[4]!.issues?.[0]).toMatchObject({ path: 'sessions', code: 'TOO_MANY' });
    // b edits facts from the created state: a conflict, whose losing value must still be valid facts
    const tooLong = await b.push([{ id: 1, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '乙'.repeat(textLimits.facts + 1) } } }]);
    expect(tooLong.results[0]).toMatchObject({ status: 'rejected', code: 'VALIDATION_FAILED' });
    expect(tooLong.results[0]!.issues?.[0]).toMatchObject({ path: 'facts', code: 'TOO_LONG' });
    const fine = await b.push([{ id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '乙改' } } }]);
    expect(fine.results[0]).toMatchObject({ status: 'conflict', code: 'EDIT_CONFLICT' });
  });

  it('refuses NUL in route parameters, query parameters and usernames with 400, never 500', async () => {
    const token = await ctx.login('street');
    for (const path of ['/api/cases/k%001', '/api/cases?gridId=g%0001', '/api/cases?acceptedFrom=2024%00', '/api/reports/annual?year=2024&node=s%001', '/api/reports/annual/cases?year=2024&key=a%00']) {
      const res = await ctx.request('GET', path, { token });
      expect(res.status, path).toBe(400);
    }
    const login = await ctx.request('POST', '/api/auth/login', { body: { username: 'grid\u000001', password: 'whatever-it-is' } });
    expect(login.status).toBe(400);
    const records = await ctx.request('POST', '/api/sync/records', { token, body: { protocolVersion: PROTOCOL_VERSION, cases: ['k\u00001'] } });
    expect(records.status).toBe(400);
  });

  it('refuses a push body over the byte or mutation limit before parsing it', async () => {
    const token = await ctx.login('grid01');
    const body = JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId: 'd1', mutations: [{ id: 1, name: 'case.edit', clientTime: '', args: { pad: 'x'.repeat(MAX_PUSH_BYTES) } }] });
    const res = await ctx.app.request('/api/sync/push', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(body.length) }, body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    const many = await ctx.request('POST', '/api/sync/push', {
      token,
      body: { protocolVersion: PROTOCOL_VERSION, deviceId: 'd1', mutations: Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, (_, i) => ({ id: i + 1, name: 'x', args: 0, clientTime: '' })) },
    });
    expect(many.status).toBe(413);
    expect(await mutationCount()).toBe(0);
  });

  it('cuts pull pages and /sync/records answers by size, so huge stored documents never fail a page', async () => {
    const phone = await syncClient(ctx, 'grid01');
    const ids = Array.from({ length: 6 }, (_, i) => `big${i}`);
    await phone.push(ids.map((id, i) => ({ id: i + 1, name: 'case.create', args: newCaseArgs(id) })));
    // Stored before the limits existed: facts far over today's maximum, each a third of a page.
    const facts = '事'.repeat(Math.ceil(PAGE_CHARS / 3));
    for (const row of await store.db.selectFrom('cases').select(['id', 'doc']).execute()) {
      await store.db.updateTable('cases').set({ doc: JSON.stringify({ ...JSON.parse(row.doc), facts }) }).where('id', '=', row.id).execute();
    }
    const pages: PullResponse[] = [];
    for (let cursor = 0; ; ) {
      const res = await ctx.request('POST', '/api/sync/pull', { token: phone.token, body: { protocolVersion: PROTOCOL_VERSION, cursor, limit: 500 } });
      expect(res.status).toBe(200);
      const page = (await res.json()) as PullResponse;
      pages.push(page);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) expect(p.changes.length).toBeLessThanOrEqual(3);
    const pulled = pages.flatMap((p) => p.changes);
    expect(pulled.map((c) => c.id)).toEqual(ids);
    expect(pulled.every((c) => (c.data?.doc as { facts: string }).facts === facts)).toBe(true);

    const answered = new Set<string>();
    let asks = 0;
    for (let missing = ids; missing.length > 0; missing = ids.filter((id) => !answered.has(id))) {
      const res = await ctx.request('POST', '/api/sync/records', { token: phone.token, body: { protocolVersion: PROTOCOL_VERSION, cases: missing } });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as RecordsResponse;
      expect(answer.changes.length).toBeLessThanOrEqual(3);
      expect(answer.truncated ?? false).toBe(answer.changes.length < missing.length);
      for (const c of answer.changes) answered.add(c.id);
      asks++;
    }
    expect(asks).toBeGreaterThanOrEqual(2);
  });
});
