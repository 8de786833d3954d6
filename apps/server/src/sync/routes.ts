import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';

/** Mounted at /api/sync in app.ts. */
export function createSyncRoutes(_deps: AppDeps) {
  const router = createRouter();
  return router;
}
