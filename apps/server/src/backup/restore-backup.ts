import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import SQLite from 'better-sqlite3';
import * as tar from 'tar';
import { knownMigrations } from '../db/index.js';
import { readFacts, sqliteFileIn } from './create-backup.js';
import { hashAndSize } from './file-hash.js';
import { BACKUP_FORMAT_VERSION, manifestSchema, type BackupManifest } from './manifest.js';

export interface RestoreOptions {
  archive: string;
  dataDir: string;
  now?: Date;
}

export interface RestoreReport {
  createdAt: string;
  migrations: string[];
  counts: Record<string, number>;
  maxSeq: number;
  photos: number;
  /** Where the database that was replaced now lies (kept, never deleted by a restore). */
  previousKeptIn: string | null;
  historyId: string;
}

export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

/**
 * Checks everything before replacing anything: the manifest, every file's size and SHA-256, that the code knows
 * every migration the copy had (an archive from a newer release is refused), SQLite's integrity check, and the
 * row counts against the manifest. Only then is the current database moved aside (kept) and the copy put in its
 * place; photos are content-addressed, so the archive's are added to the photo folder without removing any.
 * The restored database gets a new history id, so devices that synced past it are told (sync/rewind.ts).
 * The server must be stopped while this runs.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const now = options.now ?? new Date();
  const staging = join(options.dataDir, `.restore-${now.getTime()}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await tar.extract({ file: options.archive, cwd: staging, strict: true }).catch((e: unknown) => {
      throw new RestoreRefused(`${options.archive} is not a readable backup archive: ${e instanceof Error ? e.message : String(e)}`);
    });
    const manifest = await readManifest(staging);
    await verifyFiles(staging, manifest);
    const dbFile = join(staging, 'database.sqlite');
    checkSchema(manifest);
    checkIntegrity(dbFile);
    const facts = readFacts(dbFile);
    if (JSON.stringify(facts.migrations) !== JSON.stringify(manifest.migrations)) throw new RestoreRefused('the database in the archive does not have the schema its manifest names');
    for (const [table, count] of Object.entries(manifest.counts)) {
      if (facts.counts[table] !== count) throw new RestoreRefused(`table ${table} has ${facts.counts[table]} rows, the manifest says ${count}`);
    }
    const historyId = markRestored(dbFile);

    // Checked: now replace. The current database (with its WAL) is moved aside, not deleted.
    await mkdir(options.dataDir, { recursive: true });
    const live = sqliteFileIn(options.dataDir);
    let previousKeptIn: string | null = null;
    if (existsSync(live)) {
      previousKeptIn = join(options.dataDir, `pre-restore-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`);
      await mkdir(previousKeptIn, { recursive: true });
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(live + suffix)) await rename(live + suffix, join(previousKeptIn, `tiaojie.sqlite${suffix}`));
      }
    }
    let photos = 0;
    for (const f of manifest.files) {
      if (!f.path.startsWith('photos/')) continue;
      const target = join(options.dataDir, f.path);
      photos++;
      if (existsSync(target)) continue;
      await mkdir(join(target, '..'), { recursive: true });
      await copyFile(join(staging, f.path), target);
    }
    await rename(dbFile, live);
    return { createdAt: manifest.createdAt, migrations: manifest.migrations, counts: manifest.counts, maxSeq: manifest.maxSeq, photos, previousKeptIn, historyId };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function readManifest(dir: string): Promise<BackupManifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    throw new RestoreRefused('the archive has no readable manifest.json; is it a tiaojie backup?');
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new RestoreRefused(`the manifest is not one this version reads: ${parsed.error.issues[0]?.message}`);
  if (parsed.data.formatVersion > BACKUP_FORMAT_VERSION) throw new RestoreRefused(`backup format ${parsed.data.formatVersion} is newer than this version reads (${BACKUP_FORMAT_VERSION}); update tiaojie first`);
  return parsed.data;
}

async function verifyFiles(dir: string, manifest: BackupManifest): Promise<void> {
  if (!manifest.files.some((f) => f.path === 'database.sqlite')) throw new RestoreRefused('the archive holds no database');
  for (const f of manifest.files) {
    const path = normalize(f.path);
    if (path.startsWith('..') || path.startsWith('/')) throw new RestoreRefused(`unsafe path in the manifest: ${f.path}`);
    let actual: { sha256: string; size: number };
    try {
      actual = await hashAndSize(join(dir, path));
    } catch {
      throw new RestoreRefused(`${f.path} is listed in the manifest but missing from the archive`);
    }
    if (actual.size !== f.size || actual.sha256 !== f.sha256) throw new RestoreRefused(`${f.path} does not match its checksum: the archive is damaged`);
  }
}

function checkSchema(manifest: BackupManifest): void {
  const unknown = manifest.migrations.filter((m) => !knownMigrations.includes(m));
  if (unknown.length > 0) throw new RestoreRefused(`the archive was made by a newer version of tiaojie (migrations ${unknown.join(', ')}); restore it with that version or newer`);
}

function checkIntegrity(file: string): void {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new RestoreRefused(`SQLite integrity check failed: ${String(result)}`);
  } finally {
    db.close();
  }
}

/** A new history id, so devices that saw a later state of the server notice the rewind. */
function markRestored(file: string): string {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    const id = randomUUID();
    const hasMeta = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'server_meta'`).get() !== undefined;
    // (an archive from before server_meta gets it from migration 007 when the server starts, with a fresh id too)
    if (hasMeta) db.prepare(`insert into server_meta (key, value) values ('history_id', ?) on conflict (key) do update set value = excluded.value`).run(id);
    db.pragma('journal_mode = DELETE');
    return id;
  } finally {
    db.close();
  }
}
