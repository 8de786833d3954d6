import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { photoRefSchema, sha256Schema } from '@tiaojie/domain';
import { requireAuth } from '../auth/index.js';
import { ApiError, notFound } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses, errorSchema } from '../http/openapi-schemas.js';
import { createDiskBlobStore } from './blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';
import { createUploadStore } from './upload-store.js';

const uploadStateSchema = z.object({ sha256: z.string(), size: z.number(), offset: z.number(), complete: z.boolean() });
const shaParams = z.object({ sha256: sha256Schema });
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

const beginRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['photos'],
  summary: 'Start (or resume) the upload of a photo named by its SHA-256; answers the offset to continue from',
  security: bearerSecurity,
  request: { body: { required: true, content: json(z.object({ sha256: sha256Schema, size: photoRefSchema.shape.size, mime: photoRefSchema.shape.mime })) } },
  responses: { 200: { description: 'Upload state', content: json(uploadStateSchema) }, 400: errorResponses[400], 401: errorResponses[401] },
});

const statusRoute = createRoute({
  method: 'get',
  path: '/{sha256}/status',
  tags: ['photos'],
  summary: 'How many bytes the server holds of your upload (resume from there), or that a photo you may read is complete',
  security: bearerSecurity,
  request: { params: shaParams },
  responses: { 200: { description: 'Upload state', content: json(uploadStateSchema) }, 401: errorResponses[401], 404: errorResponses[404] },
});

const appendRoute = createRoute({
  method: 'patch',
  path: '/{sha256}',
  tags: ['photos'],
  summary: 'Append bytes at Upload-Offset to your own upload; the last chunk is re-hashed and corrupt bytes are refused',
  security: bearerSecurity,
  request: {
    params: shaParams,
    headers: z.object({ 'upload-offset': z.coerce.number().int().min(0) }),
  },
  responses: {
    200: { description: 'Upload state', content: json(uploadStateSchema) },
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    409: { description: 'PHOTO_INCOMPLETE: the offset is not where the server is; ask status', content: json(errorSchema) },
    422: { description: 'PHOTO_HASH_MISMATCH: bytes do not match the hash; start again from 0', content: json(errorSchema) },
  },
});

const readRoute = createRoute({
  method: 'get',
  path: '/{sha256}',
  tags: ['photos'],
  summary: 'The photo bytes (only once complete and verified), to its uploader, the levels above, and holders of a case that shows it',
  security: bearerSecurity,
  request: { params: shaParams },
  responses: { 200: { description: 'Image bytes' }, 401: errorResponses[401], 404: errorResponses[404] },
});

/** Mounted at /api/photos in app.ts. */
export function createPhotosRoutes(deps: AppDeps) {
  const router = createRouter();
  // Staging stays on this instance's disk (an upload is verified where its last byte arrives); the verified bytes
  // go to the bucket when one is configured, so every instance can serve them.
  const blobs = deps.config.objectStore ? createS3BlobStore(deps.config.objectStore) : createDiskBlobStore(join(deps.config.dataDir, 'photos'));
  const uploads = createUploadStore(deps.store, blobs, join(deps.config.dataDir, 'photos', 'incoming'));
  router.use('*', requireAuth(deps));

  router.openapi(beginRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(await uploads.begin({ ...body, user: c.get('auth').user }), 200);
  });

  router.openapi(statusRoute, async (c) => {
    // Scoped like the photo: one's own upload, or a stored photo one may read; anything else is not found.
    const s = await uploads.state(c.req.valid('param').sha256, c.get('auth').user);
    if (!s) throw notFound('upload');
    return c.json(s, 200);
  });

  router.openapi(appendRoute, async (c) => {
    const { sha256 } = c.req.valid('param');
    const offset = c.req.valid('header')['upload-offset'];
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) throw new ApiError(400, 'VALIDATION_FAILED', 'empty chunk');
    return c.json(await uploads.append(sha256, c.get('auth').user, offset, bytes), 200);
  });

  router.openapi(readRoute, async (c) => {
    const { sha256 } = c.req.valid('param');
    const { user } = c.get('auth');
    const found = (await uploads.isReadableBy(sha256, user)) ? await uploads.read(sha256) : null;
    if (!found) throw notFound('photo');
    return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': found.mime, 'Cache-Control': 'private, max-age=31536000, immutable' });
  });
  return router;
}
