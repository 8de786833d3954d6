import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { onPostgres } from './record-audit.js';
import { testDatabases } from '../db/test-databases.js';
import { pruneAudit, recordAudit, verifyAudit } from './index.js';

const actor = { id: 'u1', username: 'alice', nodePath: '/d1/s1/' };
const DAY = 86_400_000;

/** What an attacker with database access does first: the guard triggers go. */
async function dropGuards(store: Store) {
  if (onPostgres(store.db)) {
    await sql`drop trigger audit_events_guard on audit_events`.execute(store.db);
  } else {
    await sql`drop trigger audit_events_no_update`.execute(store.db);
    await sql`drop trigger audit_events_no_delete`.execute(store.db);
  }
}

async function writeEvents(store: Store, n: number, start = new Date('2026-01-01T00:00:00Z')) {
  for (let i = 0; i < n; i++) {
    await recordAudit(store.db, { action: 'report.export', actor, target: `report-${i}`, details: { format: 'csv' }, at: new Date(start.getTime() + i * DAY) });
  }
}

describe.each(testDatabases())('audit chain on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('chains rows and verifies an untouched trail', async () => {
    store = await create();
    await writeEvents(store, 5);
    const rows = await store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, checked: 5, problems: [] });
  });

  it('never stores secret-looking details', async () => {
    store = await create();
    await recordAudit(store.db, { action: 'auth.passwordChanged', actor, details: { password: 'hunter2hunter2', newToken: 'abc', idNumber: '320106199001012413', phone: '13812345678', fields: ['status'] } });
    const row = await store.db.selectFrom('audit_events').select('details').executeTakeFirstOrThrow();
    expect(JSON.parse(row.details)).toEqual({ fields: ['status'] });
  });

  it('refuses updates and deletes inside the retention period', async () => {
    store = await create();
    await writeEvents(store, 2);
    await expect(sql`update audit_events set action = 'x' where seq = 1`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events where seq = 1`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('detects an edited row', async () => {
    store = await create();
    await writeEvents(store, 4);
    await dropGuards(store);
    await sql`update audit_events set target = 'other' where seq = 2`.execute(store.db);
    const result = await verifyAudit(store.db);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual(expect.objectContaining({ seq: 2, problem: 'edited' }));
  });

  it('detects a deleted row in the middle and at the end', async () => {
    store = await create();
    await writeEvents(store, 4);
    await dropGuards(store);
    await sql`delete from audit_events where seq = 2`.execute(store.db);
    expect((await verifyAudit(store.db)).problems).toContainEqual(expect.objectContaining({ problem: 'missing', seq: 2 }));
    await sql`delete from audit_events where seq = 4`.execute(store.db);
    expect((await verifyAudit(store.db)).problems).toContainEqual(expect.objectContaining({ problem: 'head-mismatch' }));
  });

  it('detects a row rewritten with a recomputed hash (the link to the next row breaks)', async () => {
    store = await create();
    await writeEvents(store, 3);
    await dropGuards(store);
    await sql`update audit_events set hash = ${'f'.repeat(64)} where seq = 2`.execute(store.db);
    const problems = (await verifyAudit(store.db)).problems.map((p) => `${p.seq}:${p.problem}`);
    expect(problems).toContain('2:edited');
    expect(problems).toContain('3:broken-link');
  });

  it('prunes past the retention, keeps the chain verifiable and refuses less than 180 days', async () => {
    store = await create();
    const start = new Date('2026-01-01T00:00:00Z');
    await writeEvents(store, 10, start);
    await expect(pruneAudit(store.db, 179, new Date(start.getTime() + 400 * DAY))).rejects.toThrow(/180/);
    // Rows are a day apart: with 185 days kept on day 190, rows of days 0..4 go.
    const { pruned } = await pruneAudit(store.db, 185, new Date(start.getTime() + 190 * DAY));
    expect(pruned).toBe(5);
    const seqs = (await store.db.selectFrom('audit_events').select(['seq', 'action']).orderBy('seq').execute()).map((r) => `${Number(r.seq)}:${r.action}`);
    expect(seqs).toEqual(['6:report.export', '7:report.export', '8:report.export', '9:report.export', '10:report.export', '11:audit.prune']);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: true, checked: 6 });
    // Rows kept by the retention still cannot be deleted.
    await expect(sql`delete from audit_events where seq = 6`.execute(store.db)).rejects.toThrow(/append-only/);
    // Moving the anchor to hide a deletion is detected.
    await dropGuards(store);
    await sql`delete from audit_events where seq = 6`.execute(store.db);
    await sql`update audit_head set pruned_through = 6, pruned_hash = (select hash from audit_events where seq = 7)`.execute(store.db);
    expect((await verifyAudit(store.db)).problems.map((p) => p.problem)).toContain('anchor-mismatch');
  });

  it('chains concurrent writers without forks', async () => {
    store = await create();
    const db = store.db;
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(db, { action: 'auth.login', actor, target: String(i) })));
    expect(await verifyAudit(db)).toMatchObject({ ok: true, checked: 20 });
  });
});
