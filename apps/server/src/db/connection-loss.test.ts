import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext } from '../test-support/test-context.js';
import { createDatabase, type Store } from './create-database.js';

const url = process.env.TEST_DATABASE_URL;

/** Kills every backend of the server's pool (found by its application name), as a restart or failover would. */
async function terminatePool(admin: pg.Client, applicationName: string): Promise<number> {
  const res = await admin.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1', [applicationName]);
  return res.rowCount ?? 0;
}

describe.skipIf(!url)('a lost PostgreSQL connection', () => {
  let store: Store | undefined;
  let admin: pg.Client | undefined;
  let schema = '';
  afterEach(async () => {
    await store?.close();
    store = undefined;
    if (admin) {
      await admin.query('rollback').catch(() => undefined);
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
      admin = undefined;
    }
  });

  async function setup() {
    schema = `t_${randomBytes(6).toString('hex')}`;
    const applicationName = `tiaojie-loss-${schema}`;
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    store = await createDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 3, applicationName });
    const ctx = await createTestContext(store);
    return { ctx, applicationName, admin };
  }

  it('does not stop the server: idle connections are replaced and the next request works', async () => {
    const { ctx, applicationName, admin } = await setup();
    const token = await ctx.login('street');
    await Promise.all([1, 2, 3].map(() => ctx.request('GET', '/api/cases', { token })));
    expect(await terminatePool(admin, applicationName)).toBeGreaterThan(0);
    // Let the pool hear the terminations (the 'error' events that used to kill the process).
    await new Promise((r) => setTimeout(r, 200));
    const after = await ctx.request('GET', '/api/cases', { token });
    expect(after.status).toBe(200);
    expect((await ctx.request('GET', '/api/health')).status).toBe(200);
  });

  it('answers a request whose connection dies under it 503 DATABASE_UNAVAILABLE, and the next one 200', async () => {
    const { ctx, applicationName, admin } = await setup();
    const token = await ctx.login('street');
    // Hold a lock the request needs, so it waits inside the database on one of the pool's connections.
    await admin.query('begin');
    await admin.query(`lock table ${schema}.tokens in access exclusive mode`);
    const pending = ctx.request('GET', '/api/me', { token });
    for (let waited = 0; ; waited += 20) {
      const waiting = await admin.query("select 1 from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'", [applicationName]);
      if (waiting.rowCount) break;
      if (waited > 5000) throw new Error('the request never reached the database');
      await new Promise((r) => setTimeout(r, 20));
    }
    await terminatePool(admin, applicationName);
    const res = await pending;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ error: { code: 'DATABASE_UNAVAILABLE' } });
    await admin.query('rollback');
    // The pool learns of its other terminated idle connections from their 'error' events, which may arrive a moment
    // later on a loaded machine: a request in between may still meet one (503 again), but the pool recovers at once.
    const statuses: number[] = [];
    for (let i = 0; i < 5 && statuses.at(-1) !== 200; i++) {
      statuses.push((await ctx.request('GET', '/api/me', { token })).status);
      if (statuses.at(-1) !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(statuses.at(-1), `statuses after the loss: ${statuses.join(', ')}`).toBe(200);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  });
});
