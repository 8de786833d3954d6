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
    // Knowing the hash is not enough: grid04 cannot open the photo by naming it in a case of its own (push or REST).
    const grid04 = await syncClient(ctx, 'grid04');
    const photo = { sha256, kind: 'scene', mime: 'image/jpeg', size: bytes.length };
    const pushed = await grid04.push([
      { id: 1, name: 'case.create', args: newCaseArgs('case-photo-g04', 'g04', { photos: { [sha256]: photo } }) },
      { id: 2, name: 'case.create', args: newCaseArgs('case-g04', 'g04') },
      { id: 3, name: 'case.edit', args: { caseId: 'case-g04', changes: { [`photos.${sha256}`]: photo }, base: {} } },
    ]);
    expect(pushed.results.map((r) => [r.status, r.code ?? null])).toEqual([
      ['rejected', 'FORBIDDEN'],
      ['applied', null],
      ['rejected', 'FORBIDDEN'],
    ]);
    const rest = await ctx.request('POST', '/api/cases/case-g04/edit', { token: await ctx.login('grid04'), body: { changes: { [`photos.${sha256}`]: photo }, base: {} } });
    expect(rest.status).toBe(403);
    expect(await status('grid04')).toBe(404);
    // Holding the bytes is: grid04 uploads the same photo itself, names it, and sees it; grid05 still does not.
    const g04 = await ctx.login('grid04');
    expect(await (await ctx.request('POST', '/api/photos', { token: g04, body: { sha256, size: bytes.length, mime: 'image/jpeg' } })).json()).toMatchObject({ offset: 0, complete: false });
    expect((await ctx.app.request(`/api/photos/${sha256}`, { method: 'PATCH', headers: { authorization: `Bearer ${g04}`, 'upload-offset': '0' }, body: bytes })).status).toBe(200);
    const again = await grid04.push([{ id: 4, name: 'case.edit', args: { caseId: 'case-g04', changes: { [`photos.${sha256}`]: photo }, base: {} } }]);
    expect(again.results[0]?.status).toBe('applied');
    expect(await status('grid04')).toBe(200);
    expect(await status('grid05')).toBe(404);
    // grid04 now counts as an uploader: its community sees the photo too.
    expect(await status('community02')).toBe(200);
    expect(await store.db.selectFrom('photos').selectAll().execute()).toHaveLength(1);
  });

  it('answers the status of an upload only to its uploader, and of a photo only to those who may see it', async () => {
    const statusOf = async (username: string) =>
      (await ctx.request('GET', `/api/photos/${sha256}/status`, { token: username === 'grid01' ? token : await ctx.login(username) })).status;
    await begin();
    await patch(0, bytes.subarray(0, 1000));
    expect(await statusOf('grid01')).toBe(200);
    expect(await statusOf('grid04')).toBe(404);
    expect(await statusOf('community01')).toBe(404);
    await patch(1000, bytes.subarray(1000));
    expect(await statusOf('community01')).toBe(200);
    expect(await statusOf('grid04')).toBe(404);
    expect(await statusOf('community02')).toBe(404);
  });

  it('keeps an upload in progress to its uploader: nobody else appends to it or pre-registers its hash with a wrong size', async () => {
    const other = await ctx.login('grid04');
    // grid04 registers the hash first, with a wrong size.
    const squat = await ctx.request('POST', '/api/photos', { token: other, body: { sha256, size: 10, mime: 'image/jpeg' } });
    expect(squat.status).toBe(200);
    // The real uploader is not blocked by it: its own upload, at its own size.
    expect(await begin()).toMatchObject({ offset: 0, complete: false });
    const half = bytes.length / 2;
    expect((await patch(0, bytes.subarray(0, half))).status).toBe(200);
    // grid04 cannot append to grid01's upload (its own is 10 bytes long and at 0)…
    const foreign = await ctx.app.request(`/api/photos/${sha256}`, { method: 'PATCH', headers: { authorization: `Bearer ${other}`, 'upload-offset': String(half) }, body: bytes.subarray(half) });
    expect(foreign.status).toBe(409);
    // …nor see how far it got; grid01 resumes where it was and finishes.
    expect(await (await ctx.request('GET', `/api/photos/${sha256}/status`, { token: other })).json()).toMatchObject({ size: 10, offset: 0 });
    expect(await begin()).toMatchObject({ offset: half, complete: false });
    expect(await (await patch(half, bytes.subarray(half))).json()).toMatchObject({ complete: true, offset: bytes.length });
    expect((await ctx.app.request(`/api/photos/${sha256}`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(404);
    expect(await store.db.selectFrom('photos').select(['size', 'uploaded_by']).execute()).toEqual([{ size: bytes.length, uploaded_by: expect.stringMatching(/.+/) }]);
    const uploader = await store.db.selectFrom('photos').innerJoin('users', 'users.id', 'photos.uploaded_by').select('users.username').executeTakeFirstOrThrow();
    expect(uploader.username).toBe('grid01');
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
