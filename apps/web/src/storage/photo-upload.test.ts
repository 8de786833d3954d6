import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PHOTO_CHUNK, uploadPhoto } from './photo-upload.ts';
import { internalsOf } from './store-internals.ts';
import { createSyncHttp } from './sync-http.ts';
import { newCase, openPhone } from './testing/fixtures.ts';
import { serverDatabases, startServer, type ServerHarness } from './testing/server-harness.ts';

const databases = await serverDatabases();

describe.each(databases)('photo upload on $name', (database) => {
  let server: ServerHarness;
  beforeEach(async () => {
    server = await startServer(database);
  });
  afterEach(() => server.close());

  it('resumes an interrupted upload where the server stopped: no byte is sent twice', async () => {
    const patches: { offset: number; bytes: number }[] = [];
    let cutAt: number | null = 2;
    const fetch: ServerHarness['fetch'] = async (input, init) => {
      if (init?.method === 'PATCH') {
        patches.push({ offset: Number(new Headers(init.headers).get('upload-offset')), bytes: (init.body as ArrayBuffer).byteLength });
        // The connection drops while the second chunk is on its way: the server never gets it.
        if (patches.length === cutAt) throw new TypeError('network lost');
      }
      return server.fetch(input, init);
    };
    const phone = await openPhone(server, 'grid01', { fetch });
    await phone.store.createCase(newCase('k1'));
    const size = 3 * PHOTO_CHUNK + 1000;
    const bytes = new Uint8Array(size).map((_, i) => (i * 31) % 251);
    const ref = await phone.store.addPhoto('k1', { blob: new Blob([bytes], { type: 'image/jpeg' }), kind: 'scene' });

    expect((await phone.engine.syncNow()).ok).toBe(false);
    expect(patches).toEqual([
      { offset: 0, bytes: PHOTO_CHUNK },
      { offset: PHOTO_CHUNK, bytes: PHOTO_CHUNK },
    ]);
    cutAt = null;
    patches.length = 0;
    expect((await phone.engine.syncNow()).ok).toBe(true);
    // The second run starts at the first byte the server lacks, not at 0.
    expect(patches).toEqual([
      { offset: PHOTO_CHUNK, bytes: PHOTO_CHUNK },
      { offset: 2 * PHOTO_CHUNK, bytes: PHOTO_CHUNK },
      { offset: 3 * PHOTO_CHUNK, bytes: 1000 },
    ]);
    expect((await phone.store.getSyncStatus()).pendingPhotos).toBe(0);
    const stored = await server.query<{ complete: number; size: number }>('select complete, size from photos where sha256 = ?', ref.sha256);
    expect(stored.map((r) => [Number(r.complete), Number(r.size)])).toEqual([[1, size]]);
  });

  it('asks where the server is when a chunk was sent at the wrong offset, and goes on from there', async () => {
    const phone = await openPhone(server, 'grid01');
    await phone.store.createCase(newCase('k1'));
    const bytes = new Uint8Array(PHOTO_CHUNK + 10).fill(3);
    const ref = await phone.store.addPhoto('k1', { blob: new Blob([bytes], { type: 'image/jpeg' }), kind: 'scene' });
    const [photo] = await internalsOf(phone.store).photosToUpload();
    const calls: string[] = [];
    const http = createSyncHttp({
      baseUrl: '',
      getToken: () => phone.token,
      requestTimeoutMs: 10_000,
      fetch: async (input, init) => {
        const method = init?.method ?? 'GET';
        // Another tab uploaded the first chunk meanwhile: this one's PATCH at offset 0 is out of date.
        if (method === 'PATCH' && calls.length === 1) {
          await server.fetch(input, init);
        }
        calls.push(`${method} ${new Headers(init?.headers).get('upload-offset') ?? ''}`.trim());
        return server.fetch(input, init);
      },
    });
    await uploadPhoto(http, internalsOf(phone.store), photo!);
    expect(calls).toEqual(['POST', 'PATCH 0', 'GET', `PATCH ${PHOTO_CHUNK}`]);
    expect((await phone.store.getSyncStatus()).pendingPhotos).toBe(0);
    expect(ref.sha256).toBe(photo!.sha256);
  });
});
