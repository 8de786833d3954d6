import { createRoute, z } from '@hono/zod-openapi';
import { isStaffRole, NUL_CHAR, noNul, nilReportPeriodSchema, periodOfDay, riskLimitsSchema, toShanghaiDate, type User } from '@tiaojie/domain';
import { requireAuth } from '../auth/index.js';
import { ApiError, notFound } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import { addLimitSettingRoutes } from '../http/limit-setting-routes.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { findNodeInScope } from '../org/index.js';
import { nilReportOverview, riskBoard, riskLimitsFor, saveRiskLimits } from './risk-store.js';

const nodeSchema = z.string().min(1).max(64).refine(noNul, { message: NUL_CHAR }).optional().openapi({ example: 's1', description: 'Org node id; defaults to your own node' });
const looseObject = z.record(z.string(), z.unknown());

const boardRoute = createRoute({
  method: 'get',
  path: '/risk-board',
  tags: ['risk'],
  summary: 'The warning board of a node: open cases by risk grade with their limits judged now, and the newest escalations',
  security: bearerSecurity,
  request: { query: z.object({ node: nodeSchema }) },
  responses: {
    200: { description: 'Board', content: { 'application/json': { schema: looseObject } } },
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

const nilRoute = createRoute({
  method: 'get',
  path: '/nil-reports',
  tags: ['risk'],
  summary: 'Per grid of a node and period (YYYY-MM): reported disputes, a nil report, or neither (counts.missing: units that did not report)',
  security: bearerSecurity,
  request: { query: z.object({ node: nodeSchema, period: nilReportPeriodSchema.optional() }) },
  responses: {
    200: { description: 'Overview', content: { 'application/json': { schema: looseObject } } },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

function assertStaff(user: User): void {
  if (!isStaffRole(user.role)) throw new ApiError(403, 'ROLE_NOT_ALLOWED', 'the warning board is for staff');
}

/** Mounted at /api. */
export function createRiskRoutes(deps: AppDeps) {
  const router = createRouter();
  const db = deps.store.db;
  router.use('/risk-limits', requireAuth(deps));
  router.use('/risk-board', requireAuth(deps));
  router.use('/nil-reports', requireAuth(deps));

  addLimitSettingRoutes(router, db, { path: '/risk-limits', tag: 'risk', of: 'per risk grade', schema: riskLimitsSchema, read: riskLimitsFor, save: saveRiskLimits });

  router.openapi(boardRoute, async (c) => {
    const { user } = c.var.auth;
    assertStaff(user);
    const node = await findNodeInScope(db, c.req.valid('query').node ?? user.nodeId, user.nodePath);
    if (!node) throw notFound('node');
    return c.json(await riskBoard(db, node, new Date()) as unknown as Record<string, unknown>, 200);
  });

  router.openapi(nilRoute, async (c) => {
    const { user } = c.var.auth;
    assertStaff(user);
    const q = c.req.valid('query');
    const node = await findNodeInScope(db, q.node ?? user.nodeId, user.nodePath);
    if (!node) throw notFound('node');
    return c.json(await nilReportOverview(db, node, q.period ?? periodOfDay(toShanghaiDate(new Date()))) as unknown as Record<string, unknown>, 200);
  });
  return router;
}
