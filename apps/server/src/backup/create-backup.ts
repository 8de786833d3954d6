import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import * as tar from 'tar';
import { hashAndSize } from './file-hash.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, countedTables, type BackupManifest } from './manifest.js';

export interface BackupOptions {
  /** Where the server keeps tiaojie.sqlite and photos/. */
  dataDir: string;
  /** Where archives go. */
  backupDir: string;
  /** How many archives to keep (the oldest beyond are removed after a successful backup). */
  keep: number;
  reason?: string;
  now?: Date;
}

export interface BackupResult {
  archive: string;
  manifest: BackupManifest;
  removed: string[];
}

const ARCHIVE_PATTERN = /^tiaojie-backup-\d{8}T\d{6}Z(-[0-9a-f]+)?\.tar\.gz$/;
export const sqliteFileIn = (dataDir: string) => join(dataDir, 'tiaojie.sqlite');
const photoPath = (sha: string) => `photos/${sha.slice(0, 2)}/${sha}`;

/**
 * A consistent copy while the server runs: SQLite's online backup API copies the pages of one read snapshot
 * (a file copy could catch a half-written page or miss the WAL). The photos it references are read from the
 * copy, not from the live database, so every photo row in the archive has its bytes beside it (blobs are
 * content-addressed and never rewritten, and a row is marked complete only after its blob is in place).
 * Everything is written to a hidden staging folder and renamed into place only when complete and synced.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const name = `tiaojie-backup-${stamp}-${randomBytes(3).toString('hex')}.tar.gz`;
  await mkdir(options.backupDir, { recursive: true });
  const staging = join(options.backupDir, `.staging-${stamp}-${randomBytes(4).toString('hex')}`);
  await mkdir(join(staging, 'photos'), { recursive: true });
  try {
    // (not readonly: a read-only connection cannot open a WAL database whose -shm file is gone while the server is down)
    const live = new SQLite(sqliteFileIn(options.dataDir), { fileMustExist: true, timeout: 0 });
    try {
      // After the first step, all remaining pages in one step: SQLite restarts a stepwise backup whenever another
      // connection writes, so under steady pushes a page-by-page copy never finished. One step holds one read
      // snapshot (WAL: writers go on) and copies at disk speed.
      await live.backup(join(staging, 'database.sqlite'), { progress: () => 2_000_000_000 });
    } finally {
      live.close();
    }
    const facts = readFacts(join(staging, 'database.sqlite'));
    const files: BackupManifest['files'] = [{ path: 'database.sqlite', ...(await hashAndSize(join(staging, 'database.sqlite'))) }];
    for (const sha of facts.photoShas) {
      const target = join(staging, photoPath(sha));
      await mkdir(join(target, '..'), { recursive: true });
      await copyFile(join(options.dataDir, photoPath(sha)), target);
      const entry = await hashAndSize(target);
      // The name is the content's hash; a blob that no longer matches is damaged on disk: say so now, not at restore.
      if (entry.sha256 !== sha) throw new Error(`photo ${sha} on disk does not match its hash; the backup stops here`);
      files.push({ path: photoPath(sha), ...entry });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: now.toISOString(),
      reason: options.reason ?? 'manual',
      dialect: 'sqlite',
      migrations: facts.migrations,
      historyId: facts.historyId,
      maxSeq: facts.maxSeq,
      counts: facts.counts,
      files,
    };
    await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const partial = join(options.backupDir, `.${name}.part`);
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, ['manifest.json', ...files.map((f) => f.path)]);
    syncFile(partial);
    await rename(partial, join(options.backupDir, name));
    syncFile(options.backupDir);
    const removed = await pruneBackups(options.backupDir, options.keep);
    return { archive: join(options.backupDir, name), manifest, removed };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

interface Facts {
  migrations: string[];
  historyId: string | null;
  maxSeq: number;
  counts: Record<string, number>;
  photoShas: string[];
}

/** What the manifest says about a database file; also what a restore compares against. */
export function readFacts(file: string): Facts {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const has = (table: string) => db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(table) !== undefined;
    const migrations = has('schema_migrations') ? (db.prepare('select name from schema_migrations order by name').pluck().all() as string[]) : [];
    const historyId = has('server_meta') ? ((db.prepare(`select value from server_meta where key = 'history_id'`).pluck().get() as string | undefined) ?? null) : null;
    const counts: Record<string, number> = {};
    for (const t of countedTables) if (has(t)) counts[t] = db.prepare(`select count(*) from ${t}`).pluck().get() as number;
    // (SQLite takes seqs from the change log, not the counter row: sync/sequence.ts)
    const maxSeq = has('change_log') ? (db.prepare('select coalesce(max(seq), 0) from change_log').pluck().get() as number) : 0;
    const photoShas = has('photos') ? (db.prepare('select sha256 from photos where complete = 1 order by sha256').pluck().all() as string[]) : [];
    return { migrations, historyId, maxSeq, counts, photoShas };
  } finally {
    db.close();
  }
}

/** Archives in `dir`, newest first (names sort by time). */
export async function listBackups(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => ARCHIVE_PATTERN.test(n)).sort().reverse().map((n) => join(dir, n));
}

async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const old = (await listBackups(dir)).slice(keep);
  for (const file of old) await rm(file, { force: true });
  return old;
}

/** Seconds since the newest archive was written, for the backup-age metric. */
export async function newestBackupAgeSeconds(dir: string, now = Date.now()): Promise<number | undefined> {
  const [newest] = await listBackups(dir);
  if (!newest) return undefined;
  return Math.max(0, (now - (await stat(newest)).mtimeMs) / 1000);
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
