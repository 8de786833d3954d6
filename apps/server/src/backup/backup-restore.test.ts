import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type Store } from '../db/index.js';
import { newCaseArgs, syncClient } from '../sync/sync-test-kit.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { createBackup, listBackups, readFacts } from './create-backup.js';
import { restoreBackup } from './restore-backup.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tiaojie-backup-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A file-backed server with the demo org and one photo uploaded through the API. */
async function liveServer(): Promise<{ dataDir: string; store: Store; ctx: TestContext; photo: Buffer }> {
  const dataDir = tempDir();
  const store = await createDatabase({ dataDir });
  const ctx = await createTestContext(store, { dataDir });
  const token = await ctx.login('grid01');
  const photo = randomBytes(50_000);
  const hash = sha(photo);
  await ctx.request('POST', '/api/photos', { token, body: { sha256: hash, size: photo.length, mime: 'image/jpeg' } });
  const put = await ctx.app.request(`/api/photos/${hash}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'upload-offset': '0' }, body: photo });
  expect(put.status).toBe(200);
  return { dataDir, store, ctx, photo };
}

describe('backup and restore of the embedded store', () => {
  it('takes a consistent copy while pushes commit, and a restore brings back the same counts and checksums', async () => {
    const { dataDir, store, ctx, photo } = await liveServer();
    const phone = await syncClient(ctx, 'grid01');
    let next = 1;
    let writing = true;
    let rounds = 0;
    const writer = (async () => {
      while (writing) {
        const ids = Array.from({ length: 20 }, () => next++);
        const answer = await phone.push(ids.map((id) => ({ id, name: 'case.create', args: newCaseArgs(`c-${id}`) })));
        expect(answer.results.map((r) => r.status)).toEqual(ids.map(() => 'applied'));
        rounds++;
        // (in-memory requests over synchronous SQLite never leave the microtask queue: yield so the backup's steps run)
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let waited = 0; rounds < 5 && waited < 200; waited++) await Promise.race([writer, new Promise((r) => setTimeout(r, 50))]);
    expect(rounds).toBeGreaterThanOrEqual(5);
    const backupDir = tempDir();
    const { archive, manifest } = await createBackup({ dataDir, backupDir, keep: 5 });
    const pushedBeforeEnd = next - 1;
    writing = false;
    await writer;
    await store.close();

    // The copy is one snapshot: every applied mutation has its case, and the seq counter matches the change log.
    expect(manifest.counts.cases).toBeGreaterThan(0);
    expect(manifest.counts.cases).toBe(manifest.counts.mutations);
    expect(manifest.counts.cases).toBeLessThan(pushedBeforeEnd + 1);
    expect(manifest.counts.photos).toBe(1);
    expect(manifest.maxSeq).toBe(manifest.counts.cases);
    expect(manifest.files.find((f) => f.path.startsWith('photos/'))?.sha256).toBe(sha(photo));

    const target = tempDir();
    const report = await restoreBackup({ archive, dataDir: target });
    expect(report.counts).toEqual(manifest.counts);
    expect(report.photos).toBe(1);
    expect(report.previousKeptIn).toBeNull();
    const facts = readFacts(join(target, 'tiaojie.sqlite'));
    expect(facts.counts).toEqual(manifest.counts);
    expect(facts.maxSeq).toBe(manifest.maxSeq);
    expect(facts.historyId).not.toBe(manifest.historyId);
    expect(sha(readFileSync(join(target, 'photos', sha(photo).slice(0, 2), sha(photo))))).toBe(sha(photo));

    // The restored database starts and serves: the cases are there, the photo reads back.
    const restored = await createDatabase({ dataDir: target });
    try {
      const rctx = await createTestContext(restored, { dataDir: target });
      const rphone = await syncClient(rctx, 'grid01');
      const { changes } = await rphone.pullAll(0, 500);
      expect(changes.filter((c) => c.entity === 'case')).toHaveLength(manifest.counts.cases!);
      const read = await rctx.app.request(`/api/photos/${sha(photo)}`, { headers: { authorization: `Bearer ${rphone.token}` } });
      expect(Buffer.from(await read.arrayBuffer()).equals(photo)).toBe(true);
    } finally {
      await restored.close();
    }
  });

  it('keeps the configured number of archives', async () => {
    const { dataDir, store } = await liveServer();
    const backupDir = tempDir();
    for (let i = 0; i < 4; i++) await createBackup({ dataDir, backupDir, keep: 2, now: new Date(Date.UTC(2026, 0, 1 + i)) });
    await store.close();
    const kept = await listBackups(backupDir);
    expect(kept.map((f) => f.slice(f.lastIndexOf('/') + 1, f.lastIndexOf('/') + 32))).toEqual(['tiaojie-backup-20260104T000000Z', 'tiaojie-backup-20260103T000000Z']);
    expect((await readdir(backupDir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  describe('refuses a damaged or too-new archive and changes nothing', () => {
    /** Unpacks an archive, lets `edit` change the files, packs it again. */
    async function tampered(archive: string, edit: (dir: string) => unknown): Promise<string> {
      const dir = tempDir();
      await tar.extract({ file: archive, cwd: dir });
      await edit(dir);
      const out = join(tempDir(), 'tampered.tar.gz');
      await tar.create({ gzip: true, file: out, cwd: dir }, await readdir(dir));
      return out;
    }
    const editManifest = (dir: string, change: (m: Record<string, unknown>) => void) => {
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      change(m);
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    };

    it.each([
      ['a byte of the database changed', (dir: string) => flipByte(join(dir, 'database.sqlite'), 5000), /does not match its checksum/],
      ['a photo missing', (dir: string) => rmPhotos(dir), /missing from the archive/],
      ['made by a newer release', (dir: string) => editManifest(dir, (m) => (m.migrations = [...(m.migrations as string[]), '999-future'])), /newer version/],
      [
        'a corrupt page with matching checksums',
        (dir: string) => {
          const file = join(dir, 'database.sqlite');
          corruptPage(file);
          const bytes = readFileSync(file);
          editManifest(dir, (m) => {
            const files = m.files as { path: string; sha256: string; size: number }[];
            Object.assign(files.find((f) => f.path === 'database.sqlite')!, { sha256: sha(bytes), size: bytes.length });
          });
        },
        /integrity|malformed|not a database/i,
      ],
      ['row counts differing from the manifest', (dir: string) => editManifest(dir, (m) => ((m.counts as Record<string, number>).users = 999)), /manifest says 999/],
    ])('%s', async (_label, edit, message) => {
      const { dataDir, store } = await liveServer();
      const { archive } = await createBackup({ dataDir, backupDir: tempDir(), keep: 3 });
      await store.close();
      const bad = await tampered(archive, edit);
      const target = tempDir();
      const before = await liveServer().then(async (s) => (await s.store.close(), s.dataDir));
      const liveBytes = readFileSync(join(before, 'tiaojie.sqlite'));
      await expect(restoreBackup({ archive: bad, dataDir: before })).rejects.toThrow(message);
      expect(readFileSync(join(before, 'tiaojie.sqlite')).equals(liveBytes)).toBe(true);
      expect((await readdir(before)).filter((n) => n.startsWith('.restore') || n.startsWith('pre-restore'))).toEqual([]);
      expect(existsSync(join(target, 'tiaojie.sqlite'))).toBe(false);
    });
  });

  it('keeps the database it replaces', async () => {
    const { dataDir, store } = await liveServer();
    const { archive } = await createBackup({ dataDir, backupDir: tempDir(), keep: 3 });
    await store.close();
    const report = await restoreBackup({ archive, dataDir });
    expect(report.previousKeptIn).not.toBeNull();
    expect(existsSync(join(report.previousKeptIn!, 'tiaojie.sqlite'))).toBe(true);
  });
});

function flipByte(file: string, at: number) {
  const bytes = readFileSync(file);
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(file, bytes);
}

/** Overwrites the second page (a table's b-tree page) with garbage: still a SQLite file, no longer a sound one. */
function corruptPage(file: string) {
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  for (let i = pageSize; i < pageSize * 2; i++) bytes[i] = (i * 37) & 0xff;
  writeFileSync(file, bytes);
}

async function rmPhotos(dir: string) {
  await rm(join(dir, 'photos'), { recursive: true, force: true });
  await mkdir(join(dir, 'photos'));
}
