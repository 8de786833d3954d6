import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';

/** Mounted at /api/reports in app.ts. */
export function createReportsRoutes(_deps: AppDeps) {
  const router = createRouter();
  return router;
}
