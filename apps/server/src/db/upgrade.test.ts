import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { backupBeforeUpgrade } from '../backup/pre-upgrade.js';
import { loginOver, pullOver, pushOver } from '../test-support/http-client.js';
import { spawnServer } from '../test-support/spawn-server.js';
import { spawnTargets, type SpawnDatabase } from '../test-support/spawn-targets.js';
import { knownMigrations } from './migrations.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const previousMigrations = ['001-foundation', '003-reports', '004-report-covering', '005-report-month-order', '006-sqlite-clustered-logs'];
const caseArgs = (id: string) => ({
  case: { id, gridId: 'g01', type: 'neighbour', source: 'proactive', facts: `升级后 ${id}`, reportedOn: '2025-07-01', acceptedOn: '2025-07-01', parties: { p1: { id: 'p1', role: 'applicant', sex: 'male', age: 40, personal: { name: '张三', phone: '13700137000' } } } },
});

/** Puts the previous release's database (fixtures/, made by make-previous-release.ts) where the server looks. */
async function loadFixture(db: SpawnDatabase, name: 'sqlite' | 'postgres') {
  if (name === 'sqlite') {
    copyFileSync(join(fixtures, 'previous-release.sqlite'), join(db.dataDir, 'tiaojie.sqlite'));
    return;
  }
  const { schema, url } = db.pg!;
  const dump = readFileSync(join(fixtures, 'previous-release.pg.sql'), 'utf8').replaceAll('fixture_prev', schema);
  execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-c', `drop schema ${schema} cascade`, url]);
  execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', '-', url], { input: dump });
}

describe.each(spawnTargets())('upgrade from the previous release ($name)', (target) => {
  let db: SpawnDatabase | undefined;
  afterEach(async () => {
    await db?.dispose();
  });
  const count = async (sql: string) => Number((await db!.query<{ n: number }>(sql))[0]!.n);

  it('backs up first, survives a failed migration, migrates forward, and the old phones keep syncing', { timeout: 60_000 }, async () => {
    db = await target.create();
    await loadFixture(db, target.name);
    expect((await db.query<{ name: string }>('select name from schema_migrations order by name')).map((r) => r.name)).toEqual(previousMigrations);

    if (target.name === 'sqlite') {
      const before = await backupBeforeUpgrade({ dataDir: db.dataDir, backupDir: join(db.dataDir, 'backups'), keep: 3 });
      expect(before?.manifest.migrations).toEqual(previousMigrations);
      expect(before?.manifest.reason).toBe(`before migrating to ${knownMigrations.at(-1)}`);
      expect(before?.manifest.counts.cases).toBe(7);
    }

    // A migration that fails leaves the previous database as it was (one transaction), and usable.
    await db.query('create table server_meta (unexpected integer)');
    await expect(db.open()).rejects.toThrow(/migration 010-server-history failed/);
    expect(await count('select count(*) as n from schema_migrations')).toBe(previousMigrations.length);
    expect(await count('select count(*) as n from cases')).toBe(7);
    await db.query('drop table server_meta');

    const server = await spawnServer(db.env);
    try {
      // The phone of the previous release: protocol 1, no history id, its next mutation id after the fixture's five.
      const deviceId = 'fixture-grid01-phone';
      const token = await loginOver(server.url, 'grid01', deviceId);
      const next = await pushOver(server.url, token, deviceId, [{ id: 6, name: 'case.create', args: caseArgs('after-upgrade-1') }], { protocolVersion: 1 });
      expect(next.body.results.map((r) => [r.id, r.status])).toEqual([[6, 'applied']]);
      const resent = await pushOver(server.url, token, deviceId, [{ id: 5, name: 'case.create', args: caseArgs('prev-grid01-5') }], { protocolVersion: 1 });
      expect(resent.body.results.map((r) => [r.id, r.status])).toEqual([[5, 'applied']]);
      const pulled = await pullOver(server.url, token, { protocolVersion: 1, cursor: 0 });
      expect((pulled.body.changes as { id: string }[]).map((c) => c.id).sort()).toEqual(['after-upgrade-1', ...[1, 2, 3, 4, 5].map((i) => `prev-grid01-${i}`)].sort());

      // Too old a protocol hears "update the app", before anything else is looked at.
      const ancient = await pushOver(server.url, token, deviceId, [], { protocolVersion: 0 });
      expect([ancient.status, ancient.body.error?.code]).toEqual([426, 'PROTOCOL_TOO_OLD']);
      expect((ancient.body.error as unknown as { message: string }).message).toMatch(/update the app/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect((await db.query<{ name: string }>('select name from schema_migrations order by name')).map((r) => r.name)).toEqual([...knownMigrations]);

    // Forward only: an older release (here: code that lacks a migration the database has) refuses to start on it.
    await db.query(`insert into schema_migrations (name, applied_at) values ('999-from-the-future', '2030-01-01T00:00:00Z')`);
    await expect(db.open()).rejects.toThrow(/migrated by a newer version of tiaojie \(999-from-the-future\)/);
  });
});
