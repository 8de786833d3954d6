import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { foldChanges, newCaseArgs, syncClient } from '../sync/sync-test-kit.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { assignFinalCaseNumber, explainSeries, findCaseIdsByNumber } from './case-numbers.js';
import { numberExistingCases } from './number-existing-cases.js';

describe.each(testDatabases())('case numbers on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  const docOf = async (id: string) => {
    const row = await store.db.selectFrom('cases').select('doc').where('id', '=', id).executeTakeFirstOrThrow();
    return JSON.parse(row.doc) as { caseNo?: string; provisionalNo?: string };
  };

  it('gives a case saved offline its final number on first accept, keeps the provisional one, and the phone pulls it', async () => {
    const phone = await syncClient(ctx, 'grid01');
    const r = await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { provisionalNo: '临G01-A3F2-0001' }) }]);
    expect(r.results[0]?.status).toBe('applied');
    // The push answer carries the numbered case, so the phone sees the change at once.
    expect(r.results[0]?.data?.doc).toMatchObject({ caseNo: '（2024）清河调字第0001号', provisionalNo: '临G01-A3F2-0001' });
    expect(await docOf('k1')).toMatchObject({ caseNo: '（2024）清河调字第0001号', provisionalNo: '临G01-A3F2-0001' });
    const { changes } = await phone.pullAll();
    expect(foldChanges(changes).get('case:k1')).toMatchObject({ caseNo: '（2024）清河调字第0001号' });
    // Re-sent: the same number, none taken again.
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { provisionalNo: '临G01-A3F2-0001' }) }]);
    expect((await explainSeries(store.db, 's1/2024')).lastValue).toBe(1);
    // Found by the final number, any part of it, and by the provisional one.
    expect(await findCaseIdsByNumber(store.db, '（2024）清河调字第0001号')).toEqual(['k1']);
    expect(await findCaseIdsByNumber(store.db, '0001号')).toEqual(['k1']);
    expect(await findCaseIdsByNumber(store.db, 'A3F2-0001')).toEqual(['k1']);
    expect(await findCaseIdsByNumber(store.db, 'a3f2-0001')).toEqual(['k1']);
    expect(await findCaseIdsByNumber(store.db, '100%')).toEqual([]);
    expect(await findCaseIdsByNumber(store.db, '第00_1号')).toEqual([]);
    // The case list finds it by number too.
    const res = await ctx.request('GET', `/api/cases?number=${encodeURIComponent('0001号')}`, { token: await ctx.login('street') });
    expect(((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id)).toEqual(['k1']);
  });

  it('numbers concurrent phones of one series consecutively, never twice, per year of acceptance', async () => {
    // Six phones of three grids push at once; each phone's batches go in order, as a phone sends them.
    const users = ['grid01', 'grid04', 'grid08'];
    const grids = ['g01', 'g04', 'g08'];
    const phones = await Promise.all(users.flatMap((u) => [syncClient(ctx, u, `${u}-a`), syncClient(ctx, u, `${u}-b`)]));
    await Promise.all(
      phones.map(async (phone, p) => {
        for (let batch = 0; batch < 2; batch++) {
          await phone.push(
            Array.from({ length: 5 }, (_, i) => {
              const id = batch * 5 + i + 1;
              return { id, name: 'case.create', args: newCaseArgs(`p${p}-${id}`, grids[Math.floor(p / 2)]) };
            }),
          );
        }
      }),
    );
    const rows = await store.db.selectFrom('cases').select('doc').execute();
    const numbers = rows.map((r) => (JSON.parse(r.doc) as { caseNo: string }).caseNo);
    expect(numbers).toHaveLength(60);
    expect(new Set(numbers).size).toBe(60);
    const values = numbers.map((n) => Number(/第(\d+)号/.exec(n)![1])).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // Another year starts its own series.
    await phones[0]!.push([{ id: 11, name: 'case.create', args: newCaseArgs('y25', 'g01', { reportedOn: '2025-01-02', acceptedOn: '2025-01-02' }) }]);
    expect((await docOf('y25')).caseNo).toBe('（2025）清河调字第0001号');
  });

  it('never gives a number again after a deletion, and explains every value of the series', async () => {
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.transition', args: { caseId: 'k1', action: 'delete', payload: {} } },
      { id: 3, name: 'case.create', args: newCaseArgs('k2') },
    ]);
    expect((await docOf('k2')).caseNo).toBe('（2024）清河调字第0002号');
    const series = await explainSeries(store.db, 's1/2024');
    expect(series.entries).toEqual([
      { value: 1, caseNo: '（2024）清河调字第0001号', caseId: 'k1', deleted: true },
      { value: 2, caseNo: '（2024）清河调字第0002号', caseId: 'k2', deleted: false },
    ]);
  });

  it('gives a number back when the transaction that took it rolls back', async () => {
    const format = { format: '（{year}）{short}调字第{n:4}号', shortName: '清河' };
    await store.db
      .transaction()
      .execute(async (trx) => {
        await assignFinalCaseNumber(trx, { caseId: 'x', seriesKey: 's1/2024', year: '2024', format, now: new Date().toISOString() });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1') }]);
    expect((await docOf('k1')).caseNo).toBe('（2024）清河调字第0001号');
  });

  it('skips numbers already taken in one transaction, counting only the series values it used (SQLite reads its effects back)', async () => {
    const format = { format: 'QH-{year}-{n:4}', shortName: '清河' };
    const now = new Date().toISOString();
    // Two numbers of the series given already (an imported ledger's), the series itself not started.
    for (const n of [1, 2]) await store.db.insertInto('case_numbers').values({ case_no: `QH-2024-000${n}`, case_id: `old${n}`, kind: 'imported', series_key: null, value: null, assigned_at: now }).execute();
    const taken = await store.db.transaction().execute(async (trx) => [
      await assignFinalCaseNumber(trx, { caseId: 'a', seriesKey: 's1/2024', year: '2024', format, now }),
      await assignFinalCaseNumber(trx, { caseId: 'b', seriesKey: 's1/2024', year: '2024', format, now }),
    ]);
    expect(taken).toEqual(['QH-2024-0003', 'QH-2024-0004']);
    const rows = await store.db.selectFrom('case_numbers').select(['case_no', 'case_id', 'value']).where('kind', '=', 'final').orderBy('case_no').execute();
    expect(rows.map((r) => [r.case_no, r.case_id, Number(r.value)])).toEqual([
      ['QH-2024-0003', 'a', 3],
      ['QH-2024-0004', 'b', 4],
    ]);
    expect((await explainSeries(store.db, 's1/2024')).lastValue).toBe(4);
  });

  it('keeps the number an imported case came with, and skips a number already given under another format', async () => {
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('old', 'g01', { caseNo: 'QH-2024-0001' }) }]);
    expect((await docOf('old')).caseNo).toBe('QH-2024-0001');
    await store.db
      .insertInto('case_number_formats')
      .values({ node_id: 's1', format: 'QH-{year}-{n:4}', short_name: '清河', updated_by: 'admin', updated_at: new Date().toISOString() })
      .execute();
    const fresh = await createTestContext(store);
    const phone2 = await syncClient(fresh, 'grid02');
    await phone2.push([{ id: 1, name: 'case.create', args: newCaseArgs('new', 'g02') }]);
    expect((await docOf('new')).caseNo).toBe('QH-2024-0002');
    expect((await explainSeries(store.db, 's1/2024')).entries[0]).toEqual({ value: 1, caseNo: null, caseId: null, deleted: false });
  });
});

describe.each(testDatabases())('case-number routes on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  it('lets the sub-district set its format, used for the next number at once; refuses a format without {n}', async () => {
    const street = await ctx.login('street');
    const before = await ctx.request('GET', '/api/case-numbers/format/s1', { token: street });
    expect(await before.json()).toMatchObject({ format: '（{year}）{short}调字第{n:4}号', shortName: '清河' });
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1') }]);
    const bad = await ctx.request('PUT', '/api/case-numbers/format/s1', { token: street, body: { format: '清河调字', shortName: '清河' } });
    expect(bad.status).toBe(400);
    const grid = await ctx.request('PUT', '/api/case-numbers/format/s1', { token: await ctx.login('grid01'), body: { format: '{short}{year}-{n:3}', shortName: '清' } });
    expect(grid.status).toBe(403);
    const put = await ctx.request('PUT', '/api/case-numbers/format/s1', { token: street, body: { format: '{short}民调〔{year}〕{n:3}号', shortName: '清河' } });
    expect(await put.json()).toMatchObject({ example: `清河民调〔${new Date().getFullYear()}〕042号` });
    await phone.push([{ id: 2, name: 'case.create', args: newCaseArgs('k2') }]);
    const row = await store.db.selectFrom('cases').select('doc').where('id', '=', 'k2').executeTakeFirstOrThrow();
    expect(JSON.parse(row.doc).caseNo).toBe('清河民调〔2024〕002号');
    const series = await ctx.request('GET', '/api/case-numbers/series/s1/2024', { token: street });
    expect(((await series.json()) as { entries: { caseId: string }[] }).entries.map((e) => e.caseId)).toEqual(['k1', 'k2']);
    // Outside one's area: not found.
    const other = await ctx.request('GET', '/api/case-numbers/series/s1/2024', { token: await ctx.login('grid01') });
    expect(other.status).toBe(404);
  });
});

describe.each(testDatabases())('numbering cases stored before numbers existed on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  it('numbers them once, in order of acceptance, and devices pull the numbers', async () => {
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('late', 'g01', { acceptedOn: '2024-03-09', reportedOn: '2024-03-09' }) },
      { id: 2, name: 'case.create', args: newCaseArgs('early', 'g01', { acceptedOn: '2024-03-02' }) },
    ]);
    const { cursor } = await phone.pullAll();
    // As a database from before numbering: no numbers, no series.
    for (const id of ['late', 'early']) {
      const row = await store.db.selectFrom('cases').select('doc').where('id', '=', id).executeTakeFirstOrThrow();
      const doc = JSON.parse(row.doc) as Record<string, unknown>;
      delete doc.caseNo;
      await store.db.updateTable('cases').set({ doc: JSON.stringify(doc) }).where('id', '=', id).execute();
    }
    await store.db.deleteFrom('case_numbers').execute();
    await store.db.deleteFrom('case_number_series').execute();

    expect(await numberExistingCases(store)).toBe(2);
    expect(await numberExistingCases(store)).toBe(0);
    expect((await docOf('early')).caseNo).toBe('（2024）清河调字第0001号');
    expect((await docOf('late')).caseNo).toBe('（2024）清河调字第0002号');
    const pulled = foldChanges((await phone.pullAll(cursor)).changes);
    expect(pulled.get('case:early')).toMatchObject({ caseNo: '（2024）清河调字第0001号' });
  });

  const docOf = async (id: string) => JSON.parse((await store.db.selectFrom('cases').select('doc').where('id', '=', id).executeTakeFirstOrThrow()).doc) as { caseNo?: string };
});
