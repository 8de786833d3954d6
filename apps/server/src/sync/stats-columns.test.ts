import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs, syncClient } from './sync-test-kit.js';

const visit = (id: string, date: string, performance: string) => ({ [`followUps.${id}`]: { id, date, visitor: '网格员01', performance, satisfaction: 'satisfied' } });

describe.each(testDatabases())('statistics columns filled by sync on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(async () => store.close());

  it('a case names its committee, counts its parties and prevention outcomes; a 部分履行 follow-up is the agreement’s performance', async () => {
    const phone = await syncClient(ctx, 'grid01');
    const parties = {
      p1: { id: 'p1', role: 'applicant', personal: { name: '王秀英' } },
      p2: { id: 'p2', role: 'respondent', personal: { name: '李四' } },
      p3: { id: 'p3', role: 'respondent', personal: { name: '赵五' } },
    };
    const prevention = { disputes: 1, suicide: { people: 1 }, fight: { cases: 1, people: 12 } };
    const pushed = await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { committeeId: 'cc1', parties, prevention }) },
      {
        id: 2,
        name: 'case.transition',
        args: { caseId: 'k1', action: 'conclude', payload: { outcome: { code: 'success', concludedOn: '2024-03-09', body: 'grid_worker' }, agreement: { form: 'written', amount: 800 } } },
      },
      { id: 3, name: 'case.edit', args: { caseId: 'k1', changes: visit('f1', '2024-03-20', 'partial'), base: {} } },
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const row = () => store.db.selectFrom('cases').selectAll().where('id', '=', 'k1').executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({
      committee_id: 'cc1',
      party_count: 3,
      performance: 'partial',
      prev_disputes: 1,
      prev_suicide: 1,
      prev_suicide_people: 1,
      prev_fight: 1,
      prev_fight_people: 12,
      prev_criminal: 0,
    });
    // A later visit finds it performed.
    await phone.push([{ id: 4, name: 'case.edit', args: { caseId: 'k1', changes: visit('f2', '2024-04-20', 'fulfilled'), base: {} } }]);
    expect((await row()).performance).toBe('fulfilled');
  });

  it('a screening round records what it headed off', async () => {
    const phone = await syncClient(ctx, 'grid01');
    const res = await phone.push([
      {
        id: 1,
        name: 'activity.create',
        args: { activity: { id: 'a1', nodeId: 'g01', kind: 'screening', date: '2024-03-01', title: '三月排查', prevention: { disputes: 3, petition: { cases: 1, people: 25 } } } },
      },
    ]);
    expect(res.results[0]!.status).toBe('applied');
    const row = await store.db.selectFrom('activities').selectAll().where('id', '=', 'a1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ prev_disputes: 3, prev_petition: 1, prev_petition_people: 25 });
  });
});
