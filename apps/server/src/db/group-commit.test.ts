import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, sqliteGroupCommit } from './create-database.js';
import type { Database } from './schema.js';

interface Probe {
  db: Kysely<Database>;
  sqlite: SQLite.Database;
  /** What happened, in order: commits (with the synchronous level they ran at), syncs, reads. */
  events: string[];
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A SQLite file as the server opens it, with a table `t`, and a group commit whose sync is recorded. */
async function openProbe(failSync = false): Promise<Probe & { groupCommit: ReturnType<typeof sqliteGroupCommit> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tiaojie-group-'));
  dirs.push(dir);
  const sqlite = openSqlite(join(dir, 'db.sqlite'));
  sqlite.exec('create table t (n integer primary key)');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const events: string[] = [];
  const groupCommit = sqliteGroupCommit(db, sqlite, (file) => {
    events.push(`sync ${file.endsWith('db.sqlite-wal') ? 'wal' : file}`);
    if (failSync) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
  });
  return { db, sqlite, events, groupCommit };
}

async function insertInOwnTransaction(p: Probe, db: Kysely<Database>, n: number) {
  await db.transaction().execute(async (trx) => {
    await sql`insert into t (n) values (${n})`.execute(trx);
  });
  p.events.push(`commit ${n} at ${p.sqlite.pragma('synchronous', { simple: true })}`);
}

const countRows = async (db: Kysely<Database>) => Number((await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!.n);

describe('SQLite group commit', () => {
  it('commits each transaction on its own (a savepoint of the group), syncs the WAL once after the last, and restores synchronous=FULL', async () => {
    const p = await openProbe();
    const result = await p.groupCommit(async (db) => {
      for (const n of [1, 2, 3]) await insertInOwnTransaction(p, db, n);
      return 'done';
    });
    expect(result).toBe('done');
    // 1 = NORMAL (to the OS cache), 2 = FULL
    expect(p.events).toEqual(['commit 1 at 1', 'commit 2 at 1', 'commit 3 at 1', 'sync wal']);
    expect(p.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(await countRows(p.db)).toBe(3);
    p.sqlite.close();
  });

  it('keeps what committed before a failure, still syncs it, and passes the failure on', async () => {
    const p = await openProbe();
    await expect(
      p.groupCommit(async (db) => {
        await insertInOwnTransaction(p, db, 1);
        await db.transaction().execute(async (trx) => {
          await sql`insert into t (n) values (2)`.execute(trx);
          throw new Error('handler failed');
        });
      }),
    ).rejects.toThrow('handler failed');
    expect(p.events).toEqual(['commit 1 at 1', 'sync wal']);
    expect(p.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(await countRows(p.db)).toBe(1);
    p.sqlite.close();
  });

  it('nests: a transaction opened inside an inner one is a savepoint too, and rolls back alone', async () => {
    const p = await openProbe();
    await p.groupCommit(async (db) => {
      expect(db.isTransaction).toBe(true);
      await db.transaction().execute(async (trx) => {
        await sql`insert into t (n) values (1)`.execute(trx);
        // (as recordAudit does when it is not given a transaction)
        await trx.transaction().execute((inner) => sql`insert into t (n) values (2)`.execute(inner));
        await trx
          .transaction()
          .execute(async (inner) => {
            await sql`insert into t (n) values (3)`.execute(inner);
            throw new Error('inner failed');
          })
          .catch(() => undefined);
      });
    });
    expect((await sql<{ n: number }>`select n from t order by n`.execute(p.db)).rows.map((r) => r.n)).toEqual([1, 2]);
    p.sqlite.close();
  });

  it('acknowledges nothing of a group SQLite rolled back by itself (a full disk, an I/O error)', async () => {
    const p = await openProbe();
    await expect(
      p.groupCommit(async (db) => {
        await insertInOwnTransaction(p, db, 1);
        p.sqlite.exec('rollback'); // what SQLite does on SQLITE_FULL or SQLITE_IOERR
        // The batch goes on after a failed mutation (it is answered as rejected or stops there): nothing starts anew.
        await expect(insertInOwnTransaction(p, db, 2)).rejects.toThrow('rolled back the group');
      }),
    ).rejects.toThrow('nothing of it is acknowledged');
    expect(await countRows(p.db)).toBe(0);
    expect(p.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    p.sqlite.close();
  });

  it('lets no other query read a commit of the group before the group is synced', async () => {
    const p = await openProbe();
    let releaseGroup!: () => void;
    const groupMayEnd = new Promise<void>((resolve) => (releaseGroup = resolve));
    const group = p.groupCommit(async (db) => {
      await insertInOwnTransaction(p, db, 1);
      await groupMayEnd; // the first commit is in, the group is not over: a pull arrives now
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const read = countRows(p.db).then((n) => p.events.push(`read ${n}`));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(p.events).toEqual(['commit 1 at 1']); // the read waits for the connection
    releaseGroup();
    await Promise.all([group, read]);
    expect(p.events).toEqual(['commit 1 at 1', 'sync wal', 'read 1']);
    p.sqlite.close();
  });

  it('acknowledges nothing more after a failed sync (the disk may have dropped the pages)', async () => {
    const p = await openProbe(true);
    await expect(p.groupCommit((db) => insertInOwnTransaction(p, db, 1))).rejects.toThrow('EIO');
    await expect(p.groupCommit((db) => insertInOwnTransaction(p, db, 2))).rejects.toThrow('restart the server');
    expect(p.events).toEqual(['commit 1 at 1', 'sync wal']);
    p.sqlite.close();
  });

  it('syncs the real WAL file of a database on disk (and nothing for one in memory)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiaojie-group-'));
    dirs.push(dir);
    for (const file of [join(dir, 'db.sqlite'), ':memory:']) {
      const sqlite = openSqlite(file);
      sqlite.exec('create table t (n integer primary key)');
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
      await sqliteGroupCommit(db, sqlite)((held) => sql`insert into t (n) values (1)`.execute(held));
      expect(await countRows(db)).toBe(1);
      await db.destroy();
    }
  });
});
