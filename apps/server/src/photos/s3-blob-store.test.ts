import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { testDatabases } from '../db/test-databases.js';
import { startObjectStoreServer, type ObjectStoreServer } from '../test-support/object-store-server.js';
import { createTestContext } from '../test-support/test-context.js';
import { createS3BlobStore } from './s3-blob-store.js';

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name)) : [];

describe('photos in S3-compatible object storage (s3rver on loopback)', () => {
  let s3: ObjectStoreServer;
  beforeAll(async () => {
    s3 = await startObjectStoreServer();
  });
  afterAll(() => s3?.stop());

  it('stores a verified staged file under its hash, reads it back, and says when a hash is not there', async () => {
    const blobs = createS3BlobStore(s3.config);
    const bytes = randomBytes(70_000);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const staged = join(mkdtempSync(join(tmpdir(), 'tiaojie-staged-')), `${sha}.part`);
    writeFileSync(staged, bytes);
    expect(await blobs.has(sha)).toBe(false);
    expect(await blobs.read(sha)).toBeNull();
    await blobs.putFile(sha, staged);
    expect(existsSync(staged)).toBe(false);
    expect(await blobs.has(sha)).toBe(true);
    expect(Buffer.from((await blobs.read(sha))!).equals(bytes)).toBe(true);
  });

  it('is chosen by OBJECT_STORE_* (disk stays the default)', () => {
    expect(readConfig({}, '/srv').objectStore).toBeUndefined();
    expect(readConfig({ OBJECT_STORE_BUCKET: 'b', OBJECT_STORE_ENDPOINT: 'http://127.0.0.1:9000', OBJECT_STORE_ACCESS_KEY_ID: 'k', OBJECT_STORE_SECRET_ACCESS_KEY: 's' }, '/srv').objectStore).toEqual({
      bucket: 'b',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      accessKeyId: 'k',
      secretAccessKey: 's',
      forcePathStyle: true,
      prefix: 'photos/',
    });
  });

  it.each(testDatabases())('an upload through the app ($name) lands in the bucket, not in the data directory, and is served from it', async (database) => {
    const store = await database.create();
    try {
      const ctx = await createTestContext(store, { objectStore: { ...s3.config, prefix: `app-${database.name}/` } });
      const token = await ctx.login('grid01');
      const bytes = randomBytes(200_000);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect((await ctx.request('POST', '/api/photos', { token, body: { sha256, size: bytes.length, mime: 'image/jpeg' } })).status).toBe(200);
      const patch = (offset: number, chunk: Uint8Array) =>
        ctx.app.request(`/api/photos/${sha256}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'upload-offset': String(offset) }, body: chunk });
      expect((await patch(0, bytes.subarray(0, 100_000))).status).toBe(200);
      expect(await (await patch(100_000, bytes.subarray(100_000))).json()).toMatchObject({ complete: true, offset: bytes.length });

      // On disk only the (now empty) staging folder: the bytes are in the bucket.
      expect(filesUnder(join(ctx.config.dataDir, 'photos')).filter((f) => f.includes(sha256))).toEqual([]);
      expect(filesUnder(s3.directory).some((f) => f.includes(sha256))).toBe(true);
      const read = await ctx.app.request(`/api/photos/${sha256}`, { headers: { authorization: `Bearer ${token}` } });
      expect(read.status).toBe(200);
      expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
