import { MAX_PUSH_BYTES, PAGE_CHARS } from '@tiaojie/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxEntry } from './outbox-entry.ts';
import { internalsOf } from './store-internals.ts';
import { fitPushBatch } from './sync-engine.ts';
import { newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const entry = (id: number, chars: number): OutboxEntry =>
  ({ id, name: 'case.edit', args: { caseId: 'k1', changes: { facts: 'x'.repeat(chars) } }, clientTime: '2024-03-05T08:00:00Z' }) as unknown as OutboxEntry;

describe('push batches', () => {
  it('are cut so that a request stays under the server’s byte limit, counting 3 bytes a character', () => {
    const third = Math.floor(MAX_PUSH_BYTES / 3 / 3);
    expect(fitPushBatch([entry(1, third), entry(2, third), entry(3, third), entry(4, 10)]).map((e) => e.id)).toEqual([1, 2]);
    // one entry always goes, whatever its size (the server answers for it)
    expect(fitPushBatch([entry(1, MAX_PUSH_BYTES), entry(2, 10)]).map((e) => e.id)).toEqual([1]);
    expect(fitPushBatch([entry(1, 10), entry(2, 10)])).toHaveLength(2);
  });
});

const databases = await serverDatabases();

describe.each(databases)('pulling huge stored cases on $name', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  it('moves past a change too large for any request, keeping it in needs attention with its reason', async () => {
    const phone = await openPhone(server, 'grid01');
    await phone.store.createCase(newCase('k1'));
    await phone.store.editCase('k1', { risk: 'yellow' });
    await phone.store.editCase('k1', { facts: '补充事实' });
    // Saved by an older app before the limits: an edit larger than a push request may be.
    const outbox = internalsOf(phone.store).db.outbox;
    const huge = (await outbox.get(2))!;
    await outbox.put({ ...huge, args: { caseId: 'k1', changes: { facts: 'x'.repeat(MAX_PUSH_BYTES + 1) }, base: {} } });
    expect(await phone.engine.syncNow()).toMatchObject({ ok: true });
    const status = await phone.store.getSyncStatus();
    expect(status.pending).toBe(0);
    expect(status.attention.map((a) => [a.mutationId, a.status, a.code])).toEqual([[2, 'rejected', 'PAYLOAD_TOO_LARGE']]);
    const rows = await server.query<{ mutation_id: number; status: string }>('select mutation_id, status from mutations order by mutation_id');
    expect(rows.map((r) => [Number(r.mutation_id), r.status])).toEqual([[1, 'applied'], [2, 'rejected'], [3, 'applied']]);
    expect((await phone.store.getCase('k1'))?.case.facts).toBe('补充事实');
  });

  it('brings every case, page by page and records answer by answer, when their documents exceed a page', async () => {
    const writer = await openPhone(server, 'grid01');
    for (let i = 0; i < 5; i++) await writer.store.createCase(newCase(`big${i}`));
    expect(await writer.engine.syncNow()).toMatchObject({ ok: true });
    // Stored before the limits: facts far longer than a phone may now write, each close to half a page.
    const facts = '事'.repeat(Math.ceil(PAGE_CHARS / 2.5));
    for (const row of await server.query<{ id: string; doc: string }>('select id, doc from cases')) {
      await server.query('update cases set doc = ? where id = ?', JSON.stringify({ ...JSON.parse(row.doc), facts }), row.id);
    }
    const reader = await openPhone(server, 'grid01');
    expect(await reader.engine.syncNow()).toMatchObject({ ok: true });
    const held = await Promise.all(Array.from({ length: 5 }, (_, i) => reader.store.getCase(`big${i}`)));
    expect(held.map((h) => h?.case.facts.length)).toEqual(Array(5).fill(facts.length));
  });
});
