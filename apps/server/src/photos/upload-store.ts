import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../db/index.js';
import { ApiError } from '../http/api-error.js';
import type { PhotoBlobStore } from './blob-store.js';
import { isPhotoReadableBy, type PhotoReader } from './photo-access.js';

export interface UploadState {
  sha256: string;
  size: number;
  offset: number;
  complete: boolean;
}

/**
 * Resumable, content-addressed uploads: bytes are appended to a staging file at the offset the client names
 * (which must equal what the server holds), and on the last byte the server re-hashes the whole file:
 * only bytes whose SHA-256 matches their name are kept. The staging file's size is the truth after a crash.
 * Each upload belongs to its uploader (a row and a staging file per account and photo): nobody else can append to
 * it, read its state, or pre-register its hash with a wrong size. An account that cannot read a photo already
 * stored proves it holds the bytes by uploading them; then it counts as an uploader too.
 */
export function createUploadStore(store: Store, blobs: PhotoBlobStore, stagingDir: string) {
  const ownerTag = (userId: string) => createHash('sha256').update(userId).digest('hex').slice(0, 16);
  const staged = (sha: string, userId: string) => join(stagingDir, `${sha}.${ownerTag(userId)}.part`);
  const locks = new Map<string, Promise<unknown>>();
  // Appends to one staging file must not interleave within this process.
  function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    locks.set(key, next);
    void next.finally(() => locks.get(key) === next && locks.delete(key)).catch(() => undefined);
    return next;
  }
  const stagedSize = (sha: string, userId: string) => stat(staged(sha, userId)).then((s) => s.size, () => 0);
  const ownUpload = (sha: string, userId: string) =>
    store.db.selectFrom('photo_uploads').selectAll().where('sha256', '=', sha).where('user_id', '=', userId).executeTakeFirst();
  const storedPhoto = (sha: string) => store.db.selectFrom('photos').select(['size', 'complete']).where('sha256', '=', sha).where('complete', '=', 1).executeTakeFirst();

  /** The state of the reader's own upload, or of the stored photo when the reader may read it; null: nothing to see. */
  async function state(sha: string, reader: PhotoReader): Promise<UploadState | null> {
    const own = await ownUpload(sha, reader.id);
    if (own?.complete) return { sha256: sha, size: own.size, offset: own.size, complete: true };
    const photo = await storedPhoto(sha);
    if (photo && (await isPhotoReadableBy(store.db, sha, reader))) return { sha256: sha, size: photo.size, offset: photo.size, complete: true };
    if (own) return { sha256: sha, size: own.size, offset: await stagedSize(sha, reader.id), complete: false };
    return null;
  }

  async function restart(sha: string, userId: string) {
    await rm(staged(sha, userId), { force: true });
    await writeFile(staged(sha, userId), new Uint8Array(0));
  }

  return {
    state,

    async begin(input: { sha256: string; size: number; mime: string; user: PhotoReader }): Promise<UploadState> {
      const { sha256: sha, user } = input;
      return serialised(`${sha}:${user.id}`, async () => {
        const existing = await state(sha, user);
        if (existing) {
          if (!existing.complete && existing.size !== input.size) throw new ApiError(400, 'VALIDATION_FAILED', 'size differs from the upload already started for this hash');
          return existing;
        }
        await mkdir(stagingDir, { recursive: true });
        await restart(sha, user.id);
        await store.db
          .insertInto('photo_uploads')
          .values({ sha256: sha, user_id: user.id, mime: input.mime, size: input.size, complete: 0, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.columns(['sha256', 'user_id']).doNothing())
          .execute();
        return { sha256: sha, size: input.size, offset: 0, complete: false };
      });
    },

    async append(sha: string, user: PhotoReader, offset: number, bytes: Uint8Array): Promise<UploadState> {
      return serialised(`${sha}:${user.id}`, async () => {
        const own = await ownUpload(sha, user.id);
        if (!own) throw new ApiError(404, 'NOT_FOUND', 'no upload of yours for this hash; start one first');
        if (own.complete) return { sha256: sha, size: own.size, offset: own.size, complete: true };
        const at = await stagedSize(sha, user.id);
        if (offset !== at) throw new ApiError(409, 'PHOTO_INCOMPLETE', `upload is at offset ${at}`);
        if (offset + bytes.byteLength > own.size) throw new ApiError(400, 'VALIDATION_FAILED', 'more bytes than the declared size');
        await appendFile(staged(sha, user.id), bytes);
        const offsetNow = offset + bytes.byteLength;
        if (offsetNow < own.size) return { sha256: sha, size: own.size, offset: offsetNow, complete: false };
        const actual = await hashFile(staged(sha, user.id));
        if (actual !== sha) {
          await restart(sha, user.id);
          throw new ApiError(422, 'PHOTO_HASH_MISMATCH', 'the bytes received do not match their SHA-256; upload again from 0');
        }
        if (await blobs.has(sha)) await rm(staged(sha, user.id), { force: true });
        else await blobs.putFile(sha, staged(sha, user.id));
        await store.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('photos')
            .values({ sha256: sha, mime: own.mime, size: own.size, received: own.size, complete: 1, uploaded_by: user.id, created_at: new Date().toISOString() })
            .onConflict((oc) => oc.column('sha256').doNothing())
            .execute();
          await trx.updateTable('photo_uploads').set({ complete: 1 }).where('sha256', '=', sha).where('user_id', '=', user.id).execute();
        });
        return { sha256: sha, size: own.size, offset: own.size, complete: true };
      });
    },

    isReadableBy: (sha: string, reader: PhotoReader) => isPhotoReadableBy(store.db, sha, reader),

    async read(sha: string): Promise<{ bytes: Uint8Array; mime: string } | null> {
      const row = await store.db.selectFrom('photos').select(['mime', 'complete']).where('sha256', '=', sha).executeTakeFirst();
      if (!row?.complete) return null;
      const bytes = await blobs.read(sha);
      return bytes ? { bytes, mime: row.mime } : null;
    },
  };
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
