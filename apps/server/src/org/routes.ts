import { createRoute, z } from '@hono/zod-openapi';
import { orgNodeSchema } from '@tiaojie/domain';
import { requireAuth } from '../auth/index.js';
import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { listSubtree } from './org-store.js';

const nodesRoute = createRoute({
  method: 'get',
  path: '/nodes',
  tags: ['org'],
  summary: 'The org nodes of my subtree (my node first, then by path)',
  security: bearerSecurity,
  responses: {
    200: { description: 'Nodes', content: { 'application/json': { schema: z.object({ nodes: z.array(orgNodeSchema) }) } } },
    401: errorResponses[401],
  },
});

/** Mounted at /api/org. */
export function createOrgRoutes(deps: AppDeps) {
  const router = createRouter();
  router.use('*', requireAuth(deps));
  router.openapi(nodesRoute, async (c) => c.json({ nodes: await listSubtree(deps.store.db, c.var.auth.user.nodePath) }, 200));
  return router;
}
