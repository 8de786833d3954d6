import { caseSchema, isCaseFileComplete, type DisputeCase } from '@tiaojie/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { applyDemoStories } from '../seed/apply-demo-stories.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { fillFileCompleteness } from './fill-file-completeness.js';

/** Issue 16: sub-district staff filter cases on the file's completeness, judged by the one shared rule. */
describe.each(testDatabases())('case-file completeness on the server, $name', ({ create }) => {
  let store: Store;
  let ctx: TestContext;
  let street: string;

  beforeAll(async () => {
    store = await create();
    ctx = await createTestContext(store);
    await applyDemoStories(store, ctx.config, '2026-11-22');
    street = await ctx.login('street');
  }, 120_000);
  afterAll(() => store.close());

  async function list(query: string): Promise<DisputeCase[]> {
    const res = await ctx.request('GET', `/api/cases?limit=500${query}`, { token: street });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: unknown[]; total: number };
    expect(body.total).toBe(body.items.length);
    return body.items.map((c) => caseSchema.parse(c));
  }
  const ids = (cases: DisputeCase[]) => cases.map((c) => c.id).sort();

  it('splits the staff list into complete and incomplete files exactly as isCaseFileComplete judges each case', async () => {
    const all = await list('');
    const complete = await list('&completeness=complete');
    const incomplete = await list('&completeness=incomplete');
    expect(complete.length).toBeGreaterThan(0);
    expect(incomplete.length).toBeGreaterThan(0);
    expect(ids([...complete, ...incomplete])).toEqual(ids(all));
    expect(complete.every(isCaseFileComplete)).toBe(true);
    expect(incomplete.some(isCaseFileComplete)).toBe(false);
    // Combines with the other filters.
    const concludedIncomplete = await list('&completeness=incomplete&status=concluded');
    expect(ids(concludedIncomplete)).toEqual(ids(incomplete.filter((c) => c.status === 'concluded')));
    expect((await ctx.request('GET', '/api/cases?completeness=half', { token: street })).status).toBe(400);
  });

  it('judges the file again at every write: an investigation without whom was questioned makes it incomplete until filled', async () => {
    const target = (await list('&completeness=complete')).find((c) => c.status === 'accepted' || c.status === 'mediating')!;
    expect(target).toBeDefined();
    const investigation = { id: 'v1', date: target.acceptedOn, place: '现场', investigators: '网格员', interviewees: '', findings: '查看现场' };
    const edit = (interviewees: string) =>
      ctx.request('POST', `/api/cases/${target.id}/edit`, { token: street, body: { changes: { 'investigations.v1': { ...investigation, interviewees } } } });
    expect((await edit('')).status).toBe(200);
    expect(ids(await list('&completeness=incomplete'))).toContain(target.id);
    expect((await edit('王建国')).status).toBe(200);
    expect(ids(await list('&completeness=complete'))).toContain(target.id);
  });

  it('fills rows stored before the column from the case itself, with the same result', async () => {
    const before = await store.db.selectFrom('cases').select(['id', 'file_complete']).orderBy('id').execute();
    await store.db.updateTable('cases').set({ file_complete: null }).execute();
    expect(await fillFileCompleteness(store, 7)).toBe(before.length);
    expect(await store.db.selectFrom('cases').select(['id', 'file_complete']).orderBy('id').execute()).toEqual(before);
    expect(await fillFileCompleteness(store)).toBe(0);
  });

  it('filters the report drill-down on it and says it of each listed case', async () => {
    const drill = async (q: string) =>
      (await (await ctx.request('GET', `/api/reports/annual/cases?year=2026&figure=accepted&limit=1000${q}`, { token: street })).json()) as {
        total: number;
        cases: { id: string; fileComplete: boolean | null }[];
      };
    const all = await drill('');
    const complete = await drill('&completeness=complete');
    const incomplete = await drill('&completeness=incomplete');
    expect(all.total).toBeGreaterThan(0);
    expect(complete.total + incomplete.total).toBe(all.total);
    expect(complete.cases.every((c) => c.fileComplete === true)).toBe(true);
    expect(incomplete.cases.every((c) => c.fileComplete === false)).toBe(true);
    expect(all.cases.filter((c) => c.fileComplete).map((c) => c.id).sort()).toEqual(complete.cases.map((c) => c.id).sort());
  });
});
