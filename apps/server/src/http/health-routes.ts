import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppDeps } from './app-env.js';
import { createRouter } from './openapi-hook.js';

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness and database reachability',
  responses: {
    200: {
      description: 'Healthy',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }) } },
    },
  },
});

export function createHealthRoutes(deps: AppDeps) {
  const router = createRouter();
  router.openapi(healthRoute, async (c) => {
    await sql`select 1`.execute(deps.store.db);
    return c.json({ status: 'ok' as const, database: deps.store.dialect }, 200);
  });
  return router;
}
