import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { newCaseArgs, syncClient } from '../sync/sync-test-kit.js';

describe.each(testDatabases())('photo uploads on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  let token: string;
  const bytes = randomBytes(300_000);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    token = await ctx.login('grid01');
  });
  afterEach(() => store.close());

  const begin = async () => (await ctx.request('POST', '/api/photos', { token, body: { sha256, size: bytes.length, mime: 'image/jpeg' } })).json() as Promise<{ offset: number; complete: boolean }>;
  const patch = (offset: number, chunk: Uint8Array) =>
    ctx.app.request(`/api/photos/${sha256}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'upload-offset': String(offset) }, body: chunk });

  it('resumes an upload cut at 50% from the offset the server holds', async () => {
    expect(await begin()).toMatchObject({ offset: 0, complete: false });
    const half = bytes.length / 2;
    expect((await patch(0, bytes.subarray(0, half))).status).toBe(200);
    // The connection drops; the phone asks where to continue.
    const resumed = await begin();
    expect(resumed).toMatchObject({ offset: half, complete: false });
    const stale = await patch(0, bytes.subarray(0, 1000));
    expect(stale.status).toBe(409);
    const done = await patch(half, bytes.subarray(half));
    expect(await done.json()).toMatchObject({ complete: true, offset: bytes.length });
    const read = await ctx.app.request(`/api/photos/${sha256}`, { headers: { authorization: `Bearer ${token}` } });
    expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('stores the same photo once', async () => {
    await begin();
    await patch(0, bytes);
    expect(await begin()).toMatchObject({ complete: true, offset: bytes.length });
    const rows = await store.db.selectFrom('photos').selectAll().execute();
    expect(rows).toHaveLength(1);
  });

  it('shows a photo only within scope: uploader, the levels above, and holders of a case that shows it', async () => {
    await begin();
    await patch(0, bytes);
    const status = async (username: string) =>
      (await ctx.app.request(`/api/photos/${sha256}`, { headers: { authorization: `Bearer ${await ctx.login(username)}` } })).status;
    expect(await status('grid01')).toBe(200);
    expect(await status('community01')).toBe(200);
    expect(await status('street')).toBe(200);
    // Another community's grid: the same 404 as a photo that does not exist.
    expect(await status('grid04')).toBe(404);
    expect(await status('community02')).toBe(404);
    // A case in grid04's own grid that shows the photo opens it to grid04 (and only the photo it names).
    const grid04 = await syncClient(ctx, 'grid04');
    const photo = { sha256, kind: 'scene', mime: 'image/jpeg', size: bytes.length };
    const pushed = await grid04.push([{ id: 1, name: 'case.create', args: newCaseArgs('case-photo-g04', 'g04', { photos: { ph1: photo } }) }]);
    expect(pushed.results[0]?.status).toBe('applied');
    expect(await status('grid04')).toBe(200);
    expect(await status('grid05')).toBe(404);
  });

  it('refuses corrupted bytes and keeps nothing of them', async () => {
    await begin();
    const corrupt = Buffer.from(bytes);
    corrupt[1234] = corrupt[1234]! ^ 0xff;
    const res = await patch(0, corrupt);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PHOTO_HASH_MISMATCH');
    expect(await begin()).toMatchObject({ offset: 0, complete: false });
    expect((await ctx.app.request(`/api/photos/${sha256}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    expect(await (await patch(0, bytes)).json()).toMatchObject({ complete: true });
  });
});
