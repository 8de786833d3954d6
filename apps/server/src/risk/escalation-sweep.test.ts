import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { newCaseArgs, syncClient, type SyncClient } from '../sync/sync-test-kit.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { startEscalationSweep, SWEEP_USER_ID, sweepEscalations } from './escalation-sweep.js';

const MIN = 60_000;
type Escalation = { id: string; automatic?: boolean; fromLevel: string; toLevel: string; byUserId: string; reason: string };

async function stored(store: Store, id: string) {
  const row = await store.db.selectFrom('cases').select(['handling_level', 'doc', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  return { level: row.handling_level, version: Number(row.version), escalations: Object.values((JSON.parse(row.doc) as { escalations: Record<string, Escalation> }).escalations) };
}

const phoneAuto = (id: number, caseId: string, at: Date) => ({
  id,
  name: 'case.transition',
  args: { caseId, action: 'escalate', payload: { escalationId: 'auto-red-subdistrict', toLevel: 'subdistrict', reason: '红色风险案件超过处置时限，无人处理，系统自动上报', date: at.toISOString().slice(0, 10), automatic: true, at: at.toISOString() } },
});

describe.each(testDatabases())('the server escalates red cases of switched-off phones, on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  let phone: SyncClient;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    phone = await syncClient(ctx, 'grid01');
  });
  afterEach(() => store.close());

  it('escalates once the limit passed, not before, as the phone would; a later phone escalation and sweep change nothing', async () => {
    const created = Date.now();
    await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { risk: 'red' }) },
      { id: 2, name: 'case.create', args: newCaseArgs('k2', 'g01', { risk: 'orange' }) },
    ]);
    expect(await sweepEscalations(store, new Date(created + 30 * MIN))).toEqual({ due: 0, escalated: [] });
    expect((await stored(store, 'k1')).level).toBe('grid');

    const later = new Date(created + 61 * MIN);
    expect(await sweepEscalations(store, later)).toEqual({ due: 1, escalated: ['k1'] });
    const k1 = await stored(store, 'k1');
    expect(k1.level).toBe('subdistrict');
    expect(k1.version).toBe(2);
    expect(k1.escalations).toMatchObject([{ id: 'auto-red-subdistrict', automatic: true, fromLevel: 'grid', toLevel: 'subdistrict', byUserId: SWEEP_USER_ID, reason: '红色风险案件超过处置时限，无人处理，系统自动上报' }]);
    // Orange escalates itself nowhere by default.
    expect((await stored(store, 'k2')).level).toBe('grid');
    // Audited like any case change, under the sweep's account.
    const audit = await store.db.selectFrom('audit_events').select(['action', 'actor_id']).where('case_id', '=', 'k1').where('action', '=', 'case.transition').execute();
    expect(audit).toEqual([{ action: 'case.transition', actor_id: SWEEP_USER_ID }]);
    // The phone was off; it comes back and sends its own automatic escalation: accepted, nothing changes.
    expect((await phone.push([phoneAuto(3, 'k1', later)])).results.map((r) => r.status)).toEqual(['applied']);
    expect(await sweepEscalations(store, new Date(created + 120 * MIN))).toEqual({ due: 0, escalated: [] });
    expect(await stored(store, 'k1')).toEqual(k1);
  });

  it('runs by itself on its interval (RISK_SWEEP_SECONDS), with the real clock', async () => {
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { risk: 'red' }) }]);
    // As if created two hours ago: its hour passed long since.
    const row = await store.db.selectFrom('cases').select('doc').where('id', '=', 'k1').executeTakeFirstOrThrow();
    const doc = JSON.parse(row.doc) as { createdAt: string };
    await store.db.updateTable('cases').set({ doc: JSON.stringify({ ...doc, createdAt: new Date(Date.now() - 120 * MIN).toISOString() }) }).where('id', '=', 'k1').execute();
    const errors: unknown[] = [];
    let escalated: string[] = [];
    const stop = startEscalationSweep(store, 20, (e) => errors.push(e), (r) => (escalated = r.escalated));
    try {
      await expect.poll(async () => (await stored(store, 'k1')).level, { timeout: 5000 }).toBe('subdistrict');
      await expect.poll(() => escalated).toEqual(['k1']);
    } finally {
      stop();
    }
    expect(errors).toEqual([]);
    expect(startEscalationSweep(store, 0, (e) => errors.push(e))).toBeTypeOf('function');
  });

  it('leaves alone a case the phone escalated first, and follows a sub-district\'s own limits (orange to the community)', async () => {
    const created = Date.now();
    await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1', 'g01', { risk: 'red' }) },
      { id: 2, name: 'case.create', args: newCaseArgs('k2', 'g01', { risk: 'orange' }) },
    ]);
    await phone.push([phoneAuto(3, 'k1', new Date(created + 61 * MIN))]);
    const limits = {
      red: { minutes: 60, level: 'subdistrict', autoEscalate: true },
      orange: { minutes: 120, level: 'community', autoEscalate: true },
      yellow: { minutes: 4320, level: 'community', autoEscalate: false },
      blue: { minutes: 10080, level: 'grid', autoEscalate: false },
    };
    await store.db.insertInto('risk_limit_settings').values({ node_id: 's1', limits: JSON.stringify(limits), updated_by: 'u', updated_at: new Date().toISOString() }).execute();
    expect(await sweepEscalations(store, new Date(created + 121 * MIN))).toEqual({ due: 1, escalated: ['k2'] });
    expect((await stored(store, 'k1')).escalations.map((e) => e.byUserId)).not.toContain(SWEEP_USER_ID);
    expect(await stored(store, 'k2')).toMatchObject({ level: 'community', escalations: [{ id: 'auto-orange-community', automatic: true }] });
  });
});

describe.each(testDatabases())('phone and two server instances racing give one escalation, on $name', (database) => {
  let stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.slice(1)) await s.close();
    await stores[0]?.close();
    stores = [];
  });

  it('whatever the order and overlap (property-ish: 4 rounds of 12 cases, seeded random delays)', async () => {
    stores = await database.createShared(2);
    const ctx = await createTestContext(stores[0]!);
    const phone = await syncClient(ctx, 'grid01');
    const second = await syncClient(ctx, 'grid01', 'grid01-phone-2');
    let firstIds = 0;
    let secondIds = 0;
    let byServer = 0;
    for (let round = 0; round < 4; round++) {
      const ids = Array.from({ length: 12 }, (_, i) => `r${round}-${i}`);
      const created = Date.now();
      await phone.push(ids.map((id) => ({ id: ++firstIds, name: 'case.create', args: newCaseArgs(id, 'g01', { risk: 'red' }) })));
      const at = new Date(created + 61 * MIN);
      let seed = 20261207 + round;
      const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.floor(rand() * ms)));
      const sweeps: { escalated: string[] }[] = [];
      let applied = 0;
      await Promise.all([
        // Each instance starts its sweep at a different moment of the phones' run.
        ...stores.map(async (s) => {
          await pause(40);
          sweeps.push(await sweepEscalations(s, at));
        }),
        // Two phones of the grid noticing too, one case at a time, in opposite orders.
        ...[phone, second].map(async (p, k) => {
          for (const id of k === 0 ? ids : [...ids].reverse()) {
            await pause(6);
            const r = await p.push([phoneAuto(k === 0 ? ++firstIds : ++secondIds, id, at)]);
            applied += r.results.filter((x) => x.status === 'applied').length;
          }
        }),
      ]);
      // Every push was answered applied (never refused), and each case went up exactly once.
      expect(applied).toBe(ids.length * 2);
      for (const id of ids) {
        const c = await stored(stores[0]!, id);
        expect(c.level).toBe('subdistrict');
        expect(c.escalations.length).toBe(1);
        expect(c.version).toBe(2);
      }
      const bySweeps = sweeps.flatMap((s) => s.escalated);
      expect(new Set(bySweeps).size).toBe(bySweeps.length);
      byServer += bySweeps.length;
      // A further sweep of either instance finds nothing to do.
      for (const s of stores) expect((await sweepEscalations(s, new Date(at.getTime() + MIN))).escalated).toEqual([]);
    }
    console.log(`escalation race on ${database.name}: ${byServer} of 48 cases went up by a sweep, the rest by a phone`);
  });
});
