import { Writable } from 'node:stream';
import { PROTOCOL_VERSION } from '@tiaojie/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createDrain } from '../lifecycle/drain.js';
import { DEMO_PASSWORD, seedDemoOrg } from '../seed/index.js';
import { newCaseArgs } from '../sync/sync-test-kit.js';
import { createLogger, wantsPrettyLogs } from './logger.js';
import { createMetrics } from './metrics.js';

const METRICS_TOKEN = 'metrics-token-0123456789';

function collect() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe.each(testDatabases())('logs, metrics and readiness on $name', (database) => {
  let store: Store;
  let out: ReturnType<typeof collect>;
  let app: ReturnType<typeof createApp>;
  const drain = createDrain();
  beforeEach(async () => {
    store = await database.create();
    await seedDemoOrg(store);
    out = collect();
    app = createApp({
      store,
      config: { dataDir: '/nonexistent', tokenTtlDays: 30, production: true, metricsToken: METRICS_TOKEN },
      logger: createLogger({ destination: out.stream }),
      metrics: createMetrics({ poolStats: store.poolStats }),
      drain,
    });
  });
  afterEach(() => store.close());

  const json = (path: string, body: unknown, token?: string) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

  it('writes one JSON access line per request and a push summary, without personal data or secrets', async () => {
    const login = await json('/api/auth/login', { username: 'grid01', password: DEMO_PASSWORD, deviceId: 'log-phone-0001' });
    const { token } = (await login.json()) as { token: string };
    const push = await json(
      '/api/sync/push',
      {
        protocolVersion: PROTOCOL_VERSION,
        deviceId: 'log-phone-0001',
        mutations: [
          { id: 1, name: 'case.create', args: newCaseArgs('log-1'), clientTime: 'x' },
          { id: 2, name: 'case.create', args: { case: { id: 'log-2' } }, clientTime: 'x' },
        ],
      },
      token,
    );
    expect(push.status).toBe(200);
    const entries = out.entries();
    const access = entries.filter((e) => e.msg === 'request');
    expect(access.map((e) => [(e.req as { route: string }).route, e.status])).toEqual([
      ['/api/auth/login', 200],
      ['/api/sync/push', 200],
    ]);
    expect(access[1]).toMatchObject({ level: 30, requestId: expect.any(String), userId: expect.any(String), ms: expect.any(Number) });
    expect(entries.find((e) => e.msg === 'sync push')).toMatchObject({ deviceId: 'log-phone-0001', sent: 2, applied: 1, rejected: 1, conflict: 0 });
    const all = out.lines.join('\n');
    for (const secret of [token, DEMO_PASSWORD, '王秀英', '13800138000', 'grid01']) expect(all).not.toContain(secret);
  });

  it('serves Prometheus metrics only with the token', async () => {
    const login = await json('/api/auth/login', { username: 'grid01', password: DEMO_PASSWORD, deviceId: 'metric-phone-01' });
    const { token } = (await login.json()) as { token: string };
    await json('/api/sync/push', { protocolVersion: PROTOCOL_VERSION, deviceId: 'metric-phone-01', mutations: [{ id: 1, name: 'case.create', args: { case: {} }, clientTime: 'x' }] }, token);
    await json('/api/sync/pull', { protocolVersion: PROTOCOL_VERSION, cursor: 0 }, token);
    expect((await app.request('/api/metrics')).status).toBe(401);
    expect((await app.request('/api/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const res = await app.request('/api/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('tiaojie_http_requests_total{method="POST",route="/api/sync/push",status="200"} 1');
    expect(text).toContain('tiaojie_sync_requests_total{kind="pull"} 1');
    expect(text).toContain('tiaojie_sync_rejected_mutations_total{code="VALIDATION_FAILED"} 1');
    expect(text).toMatch(/tiaojie_sync_duration_seconds_count\{kind="push"\} 1/);
    if (database.name === 'postgres') expect(text).toMatch(/tiaojie_db_pool_connections\{state="total"\} \d+/);
  });

  it('has no metrics endpoint without a token configured', async () => {
    const bare = createApp({ store, config: { dataDir: '/nonexistent', tokenTtlDays: 30, production: true } });
    expect((await bare.request('/api/metrics')).status).toBe(404);
  });

  it('is ready while the database answers, and not once it is gone', async () => {
    const ready = await app.request('/api/ready');
    expect([ready.status, ((await ready.json()) as { status: string }).status]).toEqual([200, 'ready']);
    await store.close();
    const gone = await app.request('/api/ready');
    expect(gone.status).toBe(503);
    expect((await Promise.resolve(app.request('/api/health')).catch(() => undefined))?.status).not.toBe(200);
    store = await database.create(); // (for afterEach)
  });
});

describe('draining', () => {
  it('refuses new requests with 503 SHUTTING_DOWN and waits for the ones in flight', async () => {
    const drain = createDrain();
    let release!: () => void;
    const task = drain.track(new Promise<void>((r) => (release = r)));
    let drained: boolean | undefined;
    const done = drain.drain(5000).then((d) => (drained = d));
    await new Promise((r) => setTimeout(r, 20));
    expect(drained).toBeUndefined();
    release();
    await task;
    await done;
    expect(drained).toBe(true);
    expect(drain.draining).toBe(true);
  });

  it('gives up after the time limit', async () => {
    const drain = createDrain();
    void drain.track(new Promise(() => undefined));
    expect(await drain.drain(30)).toBe(false);
  });
});

describe('log format', () => {
  it('is JSON unless on a terminal outside production', () => {
    expect(wantsPrettyLogs(false, { isTTY: true })).toBe(true);
    expect(wantsPrettyLogs(false, { isTTY: false })).toBe(false);
    expect(wantsPrettyLogs(false, {})).toBe(false);
    expect(wantsPrettyLogs(true, { isTTY: true })).toBe(false);
  });
});
