import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';

/** Mounted at /api/photos in app.ts. */
export function createPhotosRoutes(_deps: AppDeps) {
  const router = createRouter();
  return router;
}
