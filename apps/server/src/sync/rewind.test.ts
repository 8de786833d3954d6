import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createBackup, listBackups } from '../backup/create-backup.js';
import { restoreBackup } from '../backup/restore-backup.js';
import { loginOver, pullOver, pushOver } from '../test-support/http-client.js';
import { spawnServer } from '../test-support/spawn-server.js';
import { spawnTargets, type SpawnDatabase } from '../test-support/spawn-targets.js';
import { createTestContext } from '../test-support/test-context.js';
import { newCaseArgs, syncClient } from './sync-test-kit.js';
import { markRestored } from './rewind.js';

const creates = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i, name: 'case.create', args: newCaseArgs(`rw-${from + i}`) }));

/**
 * Backup → more work → restore (SQLite: the restore command's function; PostgreSQL: pg_dump → pg_restore →
 * mark-restored) → start the real server on the restored database → the phone that synced past the backup is
 * told, recovers by pulling from 0 and pushing from the expected id, and ends with all its work on the server.
 */
describe.each(spawnTargets())('restore to an older point ($name)', (target) => {
  let db: SpawnDatabase | undefined;
  afterEach(async () => {
    await db?.dispose();
  });

  it('is detected, and the device re-sends what the server lost', { timeout: 60_000 }, async () => {
    db = await target.create();
    const store = await db.open();
    const ctx = await createTestContext(store, { dataDir: db.dataDir });
    const phone = await syncClient(ctx, 'grid01', 'rewind-phone-1');
    expect((await phone.push(creates(1, 10))).results).toHaveLength(10);

    // The backup.
    const dump = join(db.dataDir, 'dump.pgc');
    if (target.name === 'sqlite') await createBackup({ dataDir: db.dataDir, backupDir: join(db.dataDir, 'backups'), keep: 3 });
    else execFileSync('pg_dump', ['-Fc', '-n', db.pg!.schema, '-f', dump, db.pg!.url]);

    // Work after the backup, seen by the phone: its cursor and history id are past what the backup holds.
    expect((await phone.push(creates(11, 20))).results.map((r) => r.status)).toEqual(Array(10).fill('applied'));
    const seen = await ctx.request('POST', '/api/sync/pull', { token: phone.token, body: { protocolVersion: 2, cursor: 0, limit: 1000 } });
    const { cursor, historyId } = (await seen.json()) as { cursor: number; historyId: string };
    expect(historyId).toMatch(/^[0-9a-f-]{36}$/);
    await store.close();

    // The restore.
    if (target.name === 'sqlite') {
      const [archive] = await listBackups(join(db.dataDir, 'backups'));
      await restoreBackup({ archive: archive!, dataDir: db.dataDir });
    } else {
      const admin = new pg.Client({ connectionString: db.pg!.url });
      await admin.connect();
      await admin.query(`drop schema ${db.pg!.schema} cascade`);
      await admin.end();
      execFileSync('pg_restore', ['-d', db.pg!.url, '--no-owner', dump]);
      const restored = await db.open();
      await markRestored(restored, randomUUID());
      await restored.close();
    }

    const server = await spawnServer(db.env);
    try {
      const token = await loginOver(server.url, 'grid01', 'rewind-phone-1');
      // Told, not silently served: by the history id, and (for a device that sends none) by the cursor.
      for (const body of [{ cursor, historyId }, { cursor }]) {
        const r = await pullOver(server.url, token, body);
        expect([r.status, (r.body.error as { code: string }).code]).toEqual([409, 'SERVER_REWOUND']);
      }
      const stalePush = await pushOver(server.url, token, 'rewind-phone-1', creates(21, 21), { historyId });
      expect([stalePush.status, stalePush.body.error?.code]).toEqual([409, 'SERVER_REWOUND']);
      expect(Number((await db.query<{ n: number }>('select count(*) as n from cases'))[0]!.n)).toBe(10);

      // Recovery: pull from 0 (new history id), push the outbox from the id the server expects.
      const fresh = await pullOver(server.url, token, { cursor: 0 });
      expect(fresh.status).toBe(200);
      expect(fresh.body.historyId).not.toBe(historyId);
      expect((fresh.body.changes as unknown[]).length).toBe(10);
      const next = await pushOver(server.url, token, 'rewind-phone-1', creates(21, 21), { historyId: fresh.body.historyId });
      expect(next.body.gap).toEqual({ code: 'MUTATION_GAP', expectedId: 11 });
      const resent = await pushOver(server.url, token, 'rewind-phone-1', creates(11, 21), { historyId: fresh.body.historyId });
      expect(resent.body.results.map((r) => r.status)).toEqual(Array(11).fill('applied'));
      const all = await pullOver(server.url, token, { cursor: 0, historyId: fresh.body.historyId });
      expect((all.body.changes as { id: string }[]).map((c) => c.id).sort()).toEqual(creates(1, 21).map((m) => (m.args.case as { id: string }).id).sort());
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
