import { z } from 'zod';
import type { PhotoRecord } from './local-db.ts';
import type { StoreInternals } from './store-internals.ts';
import { SyncFailure, type SyncHttp } from './sync-http.ts';

const uploadStateSchema = z.object({ offset: z.number().int().min(0), complete: z.boolean() });
/** Bytes per PATCH: on a 50 kbps uplink ~40 s each, so a cut connection loses at most that much. */
export const PHOTO_CHUNK = 256 * 1024;

/**
 * Uploads one photo in chunks, resuming where the server's copy stops: the first request (POST) answers with the
 * bytes the server already holds (from an earlier, interrupted run), and only the rest is sent. The phone marks
 * the photo uploaded only when the server has it complete and its hash checked.
 */
export async function uploadPhoto(http: SyncHttp, internals: Pick<StoreInternals, 'markPhotoUploaded'>, photo: PhotoRecord): Promise<void> {
  let state = uploadStateSchema.parse(await http.postJson('/api/photos', { sha256: photo.sha256, size: photo.size, mime: photo.mime }));
  let restarts = 0;
  while (!state.complete) {
    const chunk = photo.bytes.slice(state.offset, state.offset + PHOTO_CHUNK);
    try {
      state = uploadStateSchema.parse(
        await http.call('PATCH', `/api/photos/${photo.sha256}`, chunk, { 'upload-offset': String(state.offset), 'content-type': 'application/offset+octet-stream' }),
      );
    } catch (e) {
      if (!(e instanceof SyncFailure)) throw e;
      if (e.status === 409) state = uploadStateSchema.parse(await http.call('GET', `/api/photos/${photo.sha256}/status`));
      else if (e.code === 'PHOTO_HASH_MISMATCH' && restarts++ < 2) state = { offset: 0, complete: false };
      else throw e;
    }
  }
  // Only now may the phone forget that the bytes still need sending.
  await internals.markPhotoUploaded(photo.sha256);
}

/** Every photo still to send, one after the other (they come before the push that references them). */
export async function uploadPhotos(http: SyncHttp, internals: Pick<StoreInternals, 'photosToUpload' | 'markPhotoUploaded'>): Promise<number> {
  const photos = await internals.photosToUpload();
  for (const photo of photos) await uploadPhoto(http, internals, photo);
  return photos.length;
}
