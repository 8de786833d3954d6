import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../db/index.js';
import { ApiError } from '../http/api-error.js';
import { inSubtree } from '../org/index.js';
import type { PhotoBlobStore } from './blob-store.js';

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
 */
export function createUploadStore(store: Store, blobs: PhotoBlobStore, stagingDir: string) {
  const staged = (sha: string) => join(stagingDir, `${sha}.part`);
  const locks = new Map<string, Promise<unknown>>();
  // Appends to one staging file must not interleave within this process.
  function serialised<T>(sha: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(sha) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    locks.set(sha, next);
    void next.finally(() => locks.get(sha) === next && locks.delete(sha)).catch(() => undefined);
    return next;
  }
  const stagedSize = (sha: string) => stat(staged(sha)).then((s) => s.size, () => 0);

  async function state(sha: string): Promise<UploadState | null> {
    const row = await store.db.selectFrom('photos').selectAll().where('sha256', '=', sha).executeTakeFirst();
    if (!row) return null;
    if (row.complete) return { sha256: sha, size: row.size, offset: row.size, complete: true };
    return { sha256: sha, size: row.size, offset: await stagedSize(sha), complete: false };
  }

  return {
    state,

    async begin(input: { sha256: string; size: number; mime: string; userId: string }): Promise<UploadState> {
      return serialised(input.sha256, async () => {
        const existing = await state(input.sha256);
        if (existing) {
          if (existing.size !== input.size) throw new ApiError(400, 'VALIDATION_FAILED', 'size differs from the upload already started for this hash');
          return existing;
        }
        await mkdir(stagingDir, { recursive: true });
        await writeFile(staged(input.sha256), new Uint8Array(0));
        await store.db
          .insertInto('photos')
          .values({ sha256: input.sha256, mime: input.mime, size: input.size, received: 0, complete: 0, uploaded_by: input.userId, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        return { sha256: input.sha256, size: input.size, offset: 0, complete: false };
      });
    },

    async append(sha: string, offset: number, bytes: Uint8Array): Promise<UploadState> {
      return serialised(sha, async () => {
        const current = await state(sha);
        if (!current) throw new ApiError(404, 'NOT_FOUND', 'no upload for this hash; start one first');
        if (current.complete) return current;
        if (offset !== current.offset) throw new ApiError(409, 'PHOTO_INCOMPLETE', `upload is at offset ${current.offset}`);
        if (offset + bytes.byteLength > current.size) throw new ApiError(400, 'VALIDATION_FAILED', 'more bytes than the declared size');
        await appendFile(staged(sha), bytes);
        const offsetNow = offset + bytes.byteLength;
        if (offsetNow < current.size) {
          await store.db.updateTable('photos').set({ received: offsetNow }).where('sha256', '=', sha).execute();
          return { ...current, offset: offsetNow };
        }
        const actual = await hashFile(staged(sha));
        if (actual !== sha) {
          await rm(staged(sha), { force: true });
          await writeFile(staged(sha), new Uint8Array(0));
          await store.db.updateTable('photos').set({ received: 0 }).where('sha256', '=', sha).execute();
          throw new ApiError(422, 'PHOTO_HASH_MISMATCH', 'the bytes received do not match their SHA-256; upload again from 0');
        }
        await blobs.putFile(sha, staged(sha));
        await store.db.updateTable('photos').set({ received: current.size, complete: 1 }).where('sha256', '=', sha).execute();
        return { ...current, offset: current.size, complete: true };
      });
    },

    /**
     * A photo is readable by its uploader, by anyone whose subtree holds the uploader's node (the levels above
     * see what their grids recorded), and by anyone with a case in scope that references it (a case reassigned
     * to another grid keeps its photos). Anyone else gets the same 404 as for a missing photo.
     */
    async isReadableBy(sha: string, reader: { id: string; nodePath: string }): Promise<boolean> {
      const byUploader = await store.db
        .selectFrom('photos as p')
        .innerJoin('users as u', 'u.id', 'p.uploaded_by')
        .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
        .select('p.sha256')
        .where('p.sha256', '=', sha)
        .where((eb) => eb.or([eb('p.uploaded_by', '=', reader.id), inSubtree('n.path', reader.nodePath)]))
        .executeTakeFirst();
      if (byUploader) return true;
      if (!/^[0-9a-f]{64}$/.test(sha)) return false;
      // The sha is plain hex (checked above), so it is safe inside a LIKE pattern; scope first, then the scan.
      const inCase = await store.db
        .selectFrom('cases')
        .select('id')
        .where(inSubtree('scope_path', reader.nodePath))
        .where('deleted', '=', 0)
        .where('doc', 'like', `%"sha256":"${sha}"%`)
        .limit(1)
        .executeTakeFirst();
      return inCase !== undefined;
    },

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
