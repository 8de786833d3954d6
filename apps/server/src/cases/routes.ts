import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';

/** Mounted at /api/cases in app.ts. */
export function createCasesRoutes(_deps: AppDeps) {
  const router = createRouter();
  return router;
}
