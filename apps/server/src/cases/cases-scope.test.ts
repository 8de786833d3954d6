import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { applyDemoStories } from '../seed/apply-demo-stories.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';

interface CaseDoc {
  id: string;
}

/** Issue 2's scope matrix, over the demo district as the seed writes it (escalated cases included). */
describe.each(testDatabases())('case scope on $name', ({ create }) => {
  let store: Store;
  let ctx: TestContext;
  const tokens: Record<string, string> = {};
  let all: { id: string; scope_path: string; grid_id: string }[];

  beforeAll(async () => {
    store = await create();
    ctx = await createTestContext(store);
    await applyDemoStories(store, ctx.config, '2026-11-22');
    for (const u of ['grid01', 'grid02', 'community01', 'street', 'admin']) tokens[u] = await ctx.login(u);
    all = await store.db.selectFrom('cases').select(['id', 'scope_path', 'grid_id']).where('deleted', '=', 0).execute();
  }, 120_000);
  afterAll(() => store.close());

  async function listIds(username: string): Promise<string[]> {
    const res = await ctx.request('GET', '/api/cases?limit=500', { token: tokens[username] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: CaseDoc[]; total: number };
    expect(body.total).toBe(body.items.length);
    return body.items.map((c) => c.id).sort();
  }
  const expectedIds = (rootPath: string) => all.filter((c) => c.scope_path.startsWith(rootPath)).map((c) => c.id).sort();

  it('lists for each user exactly the cases handled within their subtree', async () => {
    expect(await listIds('grid01')).toEqual(expectedIds('/d1/s1/c1/g01/'));
    expect(await listIds('community01')).toEqual(expectedIds('/d1/s1/c1/'));
    expect(await listIds('street')).toEqual(expectedIds('/d1/s1/'));
    expect((await listIds('admin')).length).toBe(all.length);
    // The matrix is not vacuous: each level sees more than the one below and grid01 has its own cases.
    expect(expectedIds('/d1/s1/c1/g01/').length).toBeGreaterThan(5);
    expect(expectedIds('/d1/s1/c1/').length).toBeGreaterThan(expectedIds('/d1/s1/c1/g01/').length);
  });

  it("answers another grid's case with 404 on read and on every kind of write, changing nothing", async () => {
    const foreign = all.find((c) => c.scope_path === '/d1/s1/c1/g02/')!;
    const before = await store.db.selectFrom('cases').select(['seq', 'doc']).where('id', '=', foreign.id).executeTakeFirstOrThrow();
    const token = tokens.grid01;
    expect((await ctx.request('GET', `/api/cases/${foreign.id}`, { token })).status).toBe(404);
    const edit = await ctx.request('POST', `/api/cases/${foreign.id}/edit`, { token, body: { changes: { facts: '越权修改' } } });
    expect(edit.status).toBe(404);
    expect(await edit.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const action = await ctx.request('POST', `/api/cases/${foreign.id}/actions/delete`, { token, body: {} });
    expect(action.status).toBe(404);
    const after = await store.db.selectFrom('cases').select(['seq', 'doc']).where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    // The owner of that grid can read it.
    expect((await ctx.request('GET', `/api/cases/${foreign.id}`, { token: tokens.grid02 })).status).toBe(200);
  });

  it('refuses creating a case in another grid', async () => {
    const res = await ctx.request('POST', '/api/cases', {
      token: tokens.grid01,
      body: { case: { id: 'scope-test-1', gridId: 'g05', type: 'neighbour', source: 'proactive', facts: '测试', reportedOn: '2026-11-01', acceptedOn: '2026-11-01' } },
    });
    expect([403, 404]).toContain(res.status);
    expect(await store.db.selectFrom('cases').select('id').where('id', '=', 'scope-test-1').executeTakeFirst()).toBeUndefined();
  });

  it('refuses an illegal lifecycle transition with a clear code', async () => {
    const { id: concludedId } = await store.db
      .selectFrom('cases')
      .select('id')
      .where('scope_path', '=', '/d1/s1/c1/g01/')
      .where('status', '=', 'concluded')
      .executeTakeFirstOrThrow();
    const res = await ctx.request('POST', `/api/cases/${concludedId}/actions/delete`, { token: tokens.grid01, body: {} });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'ILLEGAL_TRANSITION' } });
    const reopen = await ctx.request('POST', `/api/cases/${concludedId}/actions/reopen`, { token: tokens.grid01, body: {} });
    expect(reopen.status).toBe(403);
    expect(await reopen.json()).toMatchObject({ error: { code: 'ROLE_NOT_ALLOWED' } });
  });

  it('answers a bad case payload with a 400 naming the field, never a 500', async () => {
    const res = await ctx.request('POST', '/api/cases', {
      token: tokens.grid01,
      body: {
        case: {
          id: 'scope-test-2', gridId: 'g01', type: 'not-a-type', source: 'proactive', facts: '测试', reportedOn: '2026-11-01', acceptedOn: '2026-11-01',
          parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '张三', phone: '12345' } } },
        },
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string; code: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const paths = body.error.issues.map((i) => i.path);
    expect(paths.some((p) => p.endsWith('type'))).toBe(true);
    expect(body.error.issues.some((i) => i.path.endsWith('personal.phone') && i.code === 'PHONE_FORMAT')).toBe(true);
  });
});
