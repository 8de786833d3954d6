import type { AuditPage } from '@tiaojie/domain';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { newCaseArgs, syncClient } from '../sync/sync-test-kit.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { recordAudit, verifyAudit } from './index.js';

describe.each(testDatabases())('audit trail through the API on $name', ({ create }) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  async function setup(): Promise<TestContext> {
    store = await create();
    return createTestContext(store);
  }
  const page = async (ctx: TestContext, token: string, query = '') => {
    const res = await ctx.request('GET', `/api/audit${query}`, { token });
    expect(res.status).toBe(200);
    return (await res.json()) as AuditPage;
  };

  it('records sign-ins, failures, sign-outs and revocations without secrets', async () => {
    const ctx = await setup();
    await ctx.request('POST', '/api/auth/login', { body: { username: 'street', password: 'wrong-password-1' } });
    const token = await ctx.login('street');
    const other = await ctx.login('street', 'second-device-1');
    const sessions = (await (await ctx.request('GET', '/api/auth/sessions', { token })).json()) as { sessions: { id: string; current: boolean }[] };
    const otherSession = sessions.sessions.find((s) => !s.current)!;
    expect((await ctx.request('DELETE', `/api/auth/sessions/${otherSession.id}`, { token })).status).toBe(204);
    expect((await ctx.request('POST', '/api/auth/logout', { token: other })).status).toBe(401);
    const admin = await ctx.login('admin');
    const { events } = await page(ctx, admin, '?actor=street');
    expect(events.map((e) => e.action).reverse()).toEqual(['auth.loginFailed', 'auth.login', 'auth.login', 'auth.sessionRevoked']);
    expect(events.at(-1)!.details).toMatchObject({ cause: 'wrongPassword' });
    const raw = JSON.stringify(await store!.db.selectFrom('audit_events').selectAll().execute());
    expect(raw).not.toContain('wrong-password-1');
    expect(raw).not.toContain(token);
    expect((await verifyAudit(store!.db)).ok).toBe(true);
  });

  it('links every case change to its mutation, device and changed fields, in the same transaction', async () => {
    const ctx = await setup();
    const phone = await syncClient(ctx, 'grid01');
    const pushed = await phone.push([
      { id: 1, name: 'case.create', args: newCaseArgs('k1') },
      { id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '改', 'parties.p1': { id: 'p1', role: 'applicant', sex: 'female', age: 61, personal: { name: '王秀英', phone: '13900139000' } } }, base: {} } },
      { id: 3, name: 'case.edit', args: { caseId: 'nope', changes: { facts: 'x' }, base: {} } },
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    // Re-sent: no second audit row.
    await phone.push([{ id: 2, name: 'case.edit', args: { caseId: 'k1', changes: { facts: '改' }, base: {} } }]);
    const street = await ctx.login('street');
    const { events } = await page(ctx, street, '?caseId=k1');
    expect(events.map((e) => [e.action, e.details.mutationId, e.deviceId, e.actorName])).toEqual([
      ['case.edit', 2, phone.deviceId, 'grid01'],
      ['case.create', 1, phone.deviceId, 'grid01'],
    ]);
    expect(events[0]!.details.fields).toEqual(['facts', 'parties.p1']);
    const raw = JSON.stringify(await store!.db.selectFrom('audit_events').selectAll().execute());
    expect(raw).not.toContain('13900139000');
    // The grid worker who sees the case sees its history; another grid's worker does not.
    expect((await ctx.request('GET', '/api/audit?caseId=k1', { token: phone.token })).status).toBe(200);
    const grid04 = await ctx.login('grid04');
    expect((await ctx.request('GET', '/api/audit?caseId=k1', { token: grid04 })).status).toBe(404);
    expect((await ctx.request('GET', '/api/audit', { token: grid04 })).status).toBe(403);
  });

  it('records exports and prints with report, unit and format, and admin changes', async () => {
    const ctx = await setup();
    const street = await ctx.login('street');
    expect((await ctx.request('GET', '/api/reports/annual/csv?year=2024&table=ledger', { token: street })).status).toBe(200);
    expect((await ctx.request('GET', '/api/reports/annual/print?year=2024', { token: street })).status).toBe(200);
    const admin = await ctx.login('admin');
    const created = await ctx.request('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'newgrid', displayName: '新网格员', password: 'a-long-enough-pass', role: 'grid_worker', nodeId: 'g02' },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await ctx.request('PATCH', `/api/admin/users/${id}`, { token: admin, body: { disabled: true } })).status).toBe(204);
    const exports = (await page(ctx, admin, '?actor=street&action=report.export')).events;
    expect(exports.map((e) => e.details)).toEqual([{ report: 'ledger', year: 2024, format: 'csv', nodeId: 's1' }]);
    expect((await page(ctx, admin, '?action=report.print')).events[0]!.details).toMatchObject({ format: 'print', nodeId: 's1' });
    const changes = (await page(ctx, admin, '?actor=admin')).events.filter((e) => e.action.startsWith('admin.'));
    expect(changes.map((e) => [e.action, e.target])).toEqual([
      ['admin.userChanged', id],
      ['admin.userCreated', id],
    ]);
    expect(JSON.stringify(changes)).not.toContain('a-long-enough-pass');
  });

  it('scopes the trail to the viewer’s subtree, pages it and exports it as CSV', async () => {
    const ctx = await setup();
    const admin = await ctx.login('admin');
    const street = await ctx.login('street');
    for (let i = 0; i < 3; i++) await ctx.login('grid01', `grid01-device-${i}`);
    // The administrator signs in at the district: outside the sub-district's subtree.
    expect((await page(ctx, street, '?actor=admin')).events).toEqual([]);
    expect((await page(ctx, admin, '?actor=admin')).events.length).toBe(1);
    const first = await page(ctx, street, '?action=auth.login&limit=2');
    expect(first.events).toHaveLength(2);
    const second = await page(ctx, street, `?action=auth.login&limit=2&before=${first.nextBefore}`);
    expect(second.events.map((e) => e.seq).every((s) => s < first.nextBefore!)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await page(ctx, street, `?from=2000-01-01&to=2000-12-31`)).events).toEqual([]);
    expect((await page(ctx, street, `?from=${today}T00:00:00Z`)).events.length).toBeGreaterThan(0);
    expect((await ctx.request('GET', '/api/audit?from=yesterday', { token: street })).status).toBe(400);
    expect((await ctx.request('GET', '/api/audit?limit=201', { token: street })).status).toBe(400);
    const csv = await ctx.request('GET', '/api/audit/export.csv?action=auth.login', { token: street });
    expect(csv.status).toBe(200);
    const body = await csv.text();
    expect(body.split('\r\n')[0]).toContain('操作人');
    expect(body).toContain('grid01');
    expect(body).not.toContain(',admin,');
  });

  it('records a reveal as the reveal helper calls it, in the case’s scope, with its reason', async () => {
    const ctx = await setup();
    const phone = await syncClient(ctx, 'grid01');
    await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('k7') }]);
    const street = (await store!.db.selectFrom('users').select(['id', 'username']).where('username', '=', 'street').executeTakeFirstOrThrow());
    await recordAudit(store!.db, { action: 'personal.reveal', caseId: 'k7', partyId: 'p1', reason: '需电话联系当事人', actor: { ...street, nodePath: '/d1/s1/' } });
    // As the brief's helper may call it: no actor, no scope — the case's scope is looked up.
    await recordAudit(store!.db, { action: 'personal.reveal', caseId: 'k7', partyId: 'p1', reason: '回访' });
    const token = await ctx.login('community01');
    const { events } = await page(ctx, token, '?caseId=k7&action=personal.reveal');
    expect(events.map((e) => [e.partyId, e.details.reason, e.actorName])).toEqual([
      ['p1', '回访', null],
      ['p1', '需电话联系当事人', 'street'],
    ]);
    const rows = await store!.db.selectFrom('audit_events').select('scope_path').where('action', '=', 'personal.reveal').execute();
    expect(rows.map((r) => r.scope_path)).toEqual(['/d1/s1/c1/g01/', '/d1/s1/c1/g01/']);
  });
});
