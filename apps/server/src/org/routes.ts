import { createRoute, z } from '@hono/zod-openapi';
import { orgNodeSchema } from '@tiaojie/domain';
import { requireAuth } from '../auth/index.js';
import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { findNode, listAncestors, listSubtree } from './org-store.js';

const nodesRoute = createRoute({
  method: 'get',
  path: '/nodes',
  tags: ['org'],
  summary: 'The org nodes of my subtree (my node first, then by path), and the nodes above mine (root first)',
  security: bearerSecurity,
  responses: {
    200: { description: 'Nodes', content: { 'application/json': { schema: z.object({ nodes: z.array(orgNodeSchema), ancestors: z.array(orgNodeSchema) }) } } },
    401: errorResponses[401],
  },
});

/** Mounted at /api/org. */
export function createOrgRoutes(deps: AppDeps) {
  const router = createRouter();
  router.use('*', requireAuth(deps));
  router.openapi(nodesRoute, async (c) => {
    const { user } = c.var.auth;
    const nodes = await listSubtree(deps.store.db, user.nodePath);
    // Names only, so a phone can say where a case went ("已上报至东湖社区") after it left the user's area.
    const own = nodes.find((n) => n.id === user.nodeId) ?? (await findNode(deps.store.db, user.nodeId));
    const ancestors = own ? (await listAncestors(deps.store.db, own)).filter((n) => n.id !== own.id) : [];
    return c.json({ nodes, ancestors }, 200);
  });
  return router;
}
