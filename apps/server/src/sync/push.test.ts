import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { foldChanges, newCaseArgs, syncClient } from './sync-test-kit.js';

describe.each(testDatabases())('sync push on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(() => store.close());

  const countCases = async () => Number((await store.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('has exactly one effect however often a batch is re-sent, also concurrently', async () => {
    const phone = await syncClient(ctx, 'grid01');
    const batch = [
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '改' }, base: {} } },
      { id: 3, name: 'case.create', args: newCaseArgs('k2') },
    ];
    const first = await phone.push(batch);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    // The first answer also carries each record's new state; a re-sent mutation gets its stored result only.
    expect(first.results.map((r) => r.data?.seq)).toEqual(first.results.map((r) => r.seq));
    const stored = first.results.map(({ data: _data, ...rest }) => rest);
    const again = await Promise.all(Array.from({ length: 6 }, () => phone.push(batch)));
    for (const r of again) expect(r.results).toEqual(stored);
    expect(await countCases()).toBe(2);
    const log = await store.db.selectFrom('change_log').select('seq').execute();
    expect(log).toHaveLength(3);
    const { changes } = await phone.pullAll();
    expect(foldChanges(changes).get('case:k1')?.facts).toBe('改');
  });

  it('splits a large batch into group commits of 100 (each synced before the answer) and answers it whole', async () => {
    const groups: number[] = [];
    const counted: Store = {
      ...store,
      groupCommit: (fn) => {
        groups.push(0);
        return store.groupCommit(async (db) => {
          const r = await fn(db);
          groups[groups.length - 1] = Number((await sql<{ n: number }>`select count(*) as n from mutations`.execute(db)).rows[0]!.n);
          return r;
        });
      },
    };
    ctx = await createTestContext(counted);
    const phone = await syncClient(ctx, 'grid01');
    const batch = Array.from({ length: 250 }, (_, i) => ({ id: i + 1, name: 'case.create', args: newCaseArgs(`big${i}`) }));
    const r = await phone.push(batch);
    expect(r.results.map((x) => x.id)).toEqual(batch.map((m) => m.id));
    expect(r.results.every((x) => x.status === 'applied')).toBe(true);
    // mutations stored when each group ended: 100, 200, 250 (a login writes none)
    expect(groups).toEqual([100, 200, 250]);
    // A gap inside the second group: the first group and the part of the second before the gap are answered.
    groups.length = 0;
    const gapped = await phone.push([
      ...Array.from({ length: 150 }, (_, i) => ({ id: 251 + i, name: 'case.create', args: newCaseArgs(`more${i}`) })),
      { id: 999, name: 'case.create', args: newCaseArgs('late') },
    ]);
    expect(gapped.results).toHaveLength(150);
    expect(gapped.gap?.expectedId).toBe(401);
    expect(groups).toEqual([350, 400]);
  });

  it('applies concurrent first deliveries of one batch once (response lost, client retries at once)', async () => {
    const phone = await syncClient(ctx, 'grid01');
    const batch = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, name: 'case.create', args: newCaseArgs(`c${i}`) }));
    const responses = await Promise.all([phone.push(batch), phone.push(batch), phone.push(batch)]);
    for (const r of responses) expect(r.results.map((x) => x.status)).toEqual(Array(5).fill('applied'));
    expect(new Set(responses.flatMap((r) => r.results.map((x) => x.seq))).size).toBe(5);
    expect(await countCases()).toBe(5);
  });

  it('answers each applied mutation with the state a pull would send, and none once the record left the scope', async () => {
    const phone = await syncClient(ctx, 'grid01');
    const r = await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '改', 'sessions.s1': { id: 's1', date: '2024-03-03', mediator: '调解员', body: 'grid_worker', notes: '' } }, base: {} } },
      { id: 3, name: 'case.create', args: newCaseArgs('k2') },
      { id: 4, name: 'case.transition', args: { caseId: 'k2', action: 'escalate', payload: { escalationId: 'e1', toLevel: 'community', reason: '升级', date: '2024-03-04' } } },
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(r.results[3]!.data).toBeUndefined();
    const { changes } = await phone.pullAll();
    const pulled = changes.find((c) => c.id === 'k1' && c.op === 'upsert')!;
    // JSON on the wire both ways: compare what the device would receive.
    expect(JSON.parse(JSON.stringify(r.results[1]!.data))).toEqual(JSON.parse(JSON.stringify(pulled.data)));
    expect(pulled.data!.seq).toBe(r.results[1]!.seq);
    expect(changes.find((c) => c.id === 'k2')?.op).toBe('remove');
  });

  it('answers a gap with the expected id and records nothing past it', async () => {
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1') }]);
    const r = await phone.push([{ id: 3, name: 'case.create', args: newCaseArgs('k3') }]);
    expect(r.results).toEqual([]);
    expect(r.gap).toEqual({ code: 'MUTATION_GAP', expectedId: 2 });
    expect(await countCases()).toBe(1);
  });

  it('records a rejection with its reason and goes on with the rest of the queue', async () => {
    const phone = await syncClient(ctx, 'grid01');
    const r = await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.transition', args: { caseId: 'k1', action: 'reopen', payload: {} } },
      { id: 3, name: 'case.create', args: { case: { id: 'bad' } } },
      { id: 4, name: 'case.edit', args: { caseId: 'k1', changes: { risk: 'yellow' }, base: {} } },
    ]);
    expect(r.results.map((x) => [x.status, x.code])).toEqual([
      ['applied', undefined],
      ['rejected', 'ILLEGAL_TRANSITION'],
      ['rejected', 'VALIDATION_FAILED'],
      ['applied', undefined],
    ]);
    const stored = await store.db.selectFrom('mutations').select(['mutation_id', 'status']).orderBy('mutation_id').execute();
    expect(stored.map((m) => m.status)).toEqual(['applied', 'rejected', 'rejected', 'applied']);
    const again = await phone.push([{ id: 2, name: 'case.transition', args: { caseId: 'k1', action: 'reopen', payload: {} } }]);
    expect(again.results[0]).toMatchObject({ status: 'rejected', code: 'ILLEGAL_TRANSITION' });
  });

  it('answers a too-old protocol with "update the app"', async () => {
    const token = await ctx.login('grid01');
    const res = await ctx.request('POST', '/api/sync/push', { token, body: { protocolVersion: 0, deviceId: 'x', mutations: [] } });
    expect(res.status).toBe(426);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PROTOCOL_TOO_OLD');
  });

  it('ignores device clocks: a year off or in the future changes neither order nor result', async () => {
    const past = await syncClient(ctx, 'grid01', 'past-device');
    const future = await syncClient(ctx, 'grid01', 'future-device');
    await past.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1'), clientTime: '2023-01-01T00:00:00Z' }]);
    await future.push([{ id: 1, name: 'case.create', args: newCaseArgs('k2', 'g01'), clientTime: '2099-01-01T00:00:00Z' }]);
    await past.push([{ id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { risk: 'yellow' }, base: {} }, clientTime: '1970-01-01T00:00:00Z' }]);
    const reader = await syncClient(ctx, 'grid01', 'reader-device');
    const { changes } = await reader.pullAll();
    expect(changes.map((c) => c.id)).toEqual(['k2', 'k1']);
    expect(foldChanges(changes).get('case:k1')?.risk).toBe('yellow');
  });

  it('commits each mutation on its own: an unexpected failure stops the batch, the earlier ones stay applied', async () => {
    // A real database failure (a trigger), not a mock: case k2 cannot be written until the trigger is dropped.
    if (store.dialect === 'sqlite') {
      await sql`create trigger fail_k2 before insert on cases when new.id = 'k2' begin select raise(abort, 'disk trouble'); end`.execute(store.db);
    } else {
      await sql`create function fail_k2() returns trigger language plpgsql as $$ begin if new.id = 'k2' then raise exception 'disk trouble'; end if; return new; end $$`.execute(store.db);
      await sql`create trigger fail_k2 before insert on cases for each row execute function fail_k2()`.execute(store.db);
    }
    const phone = await syncClient(ctx, 'grid01');
    const batch = ['k1', 'k2', 'k3'].map((k, i) => ({ id: i + 1, name: 'case.create', args: newCaseArgs(k) }));
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    let cut;
    try {
      cut = await phone.push(batch);
    } finally {
      console.error = original;
    }
    expect(cut.results.map((r) => [r.id, r.status])).toEqual([[1, 'applied']]);
    expect(cut.gap).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(await countCases()).toBe(1);
    // The device's last id: its newest stored mutation (SQLite), also in its device row (PostgreSQL).
    expect((await store.db.selectFrom('mutations').select('mutation_id').execute()).map((m) => Number(m.mutation_id))).toEqual([1]);
    if (store.dialect === 'postgres') {
      const device = await store.db.selectFrom('devices').select('last_mutation_id').where('device_id', '=', phone.deviceId).executeTakeFirstOrThrow();
      expect(Number(device.last_mutation_id)).toBe(1);
    }

    await sql`drop trigger fail_k2${sql.raw(store.dialect === 'postgres' ? ' on cases' : '')}`.execute(store.db);
    const resent = await phone.push(batch);
    expect(resent.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const { data: _data, ...storedFirst } = cut.results[0]!;
    expect(resent.results[0]).toEqual(storedFirst);
    expect(await countCases()).toBe(3);
  });

  it('fills the report columns and keeps personal data in its own column', async () => {
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      {
        id: 2,
        name: 'case.transition',
        args: {
          caseId: 'k1',
          action: 'conclude',
          payload: {
            outcome: { code: 'success', concludedOn: '2024-03-09', body: 'grid_worker' },
            agreement: { form: 'written', amount: 1200, courtConfirmation: 'applied' },
          },
        },
      },
      { id: 3, name: 'case.edit', args: { caseId: 'k1', changes: { 'followUps.f1': { id: 'f1', date: '2024-04-01', visitor: '网格员01', performance: 'fulfilled', satisfaction: 'satisfied' } }, base: {} } },
    ]);
    const row = await store.db.selectFrom('cases').selectAll().where('id', '=', 'k1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'concluded',
      outcome: 'success',
      concluded_on: '2024-03-09',
      resolved_level: 'grid',
      body: 'grid_worker',
      agreement_form: 'written',
      agreement_amount: 1200,
      court_confirmation: 'applied',
      follow_up_count: 1,
      grid_id: 'g01',
      community_id: 'c1',
      subdistrict_id: 's1',
      district_id: 'd1',
      scope_path: '/d1/s1/c1/g01/',
    });
    expect(row.doc).not.toContain('王秀英');
    expect(store.personal.open(row.personal)).toContain('王秀英');
  });
});
