import { createRiskRoutes } from './risk/index.js';
import { createIntakeRoutes } from './intake/index.js';
import { OpenAPIHono } from '@hono/zod-openapi';
import { compress } from 'hono/compress';
import { requestId } from 'hono/request-id';
import { createAdminRoutes } from './admin/routes.js';
import { createCommitteeRoutes } from './committees/routes.js';
import { createAuditRoutes } from './audit/routes.js';
import { createAuthRoutes } from './auth/index.js';
import { createCasesRoutes } from './cases/routes.js';
import { createCaseNumberRoutes } from './cases/case-number-routes.js';
import type { AppDeps, AppEnv } from './http/app-env.js';
import { bodyLimits } from './http/body-limits.js';
import { requestEncoding } from './http/request-encoding.js';
import { jsonBody } from './http/json-body.js';
import { noStore } from './http/no-store.js';
import { createHealthRoutes } from './http/health-routes.js';
import { ApiError } from './http/api-error.js';
import { onError } from './http/on-error.js';
import { validationHook } from './http/openapi-hook.js';
import { securityHeaders } from './http/security-headers.js';
import { mountWebApp } from './http/static-web.js';
import { createOrgRoutes } from './org/index.js';
import { createPhotosRoutes } from './photos/routes.js';
import { createReportsRoutes } from './reports/routes.js';
import { createStatsRoutes } from './reports/stats-routes.js';
import { createSyncRoutes } from './sync/routes.js';
import { accessLog } from './observability/access-log.js';
import { silentLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createOpsRoutes } from './observability/ops-routes.js';

export function createApp(appDeps: AppDeps) {
  const logger = appDeps.logger ?? silentLogger;
  const metrics = appDeps.metrics ?? createMetrics({ poolStats: appDeps.store.poolStats });
  const deps: AppDeps = { ...appDeps, logger, metrics };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(requestId());
  app.use(async (c, next) => {
    c.set('logger', logger);
    await next();
  });
  app.use(accessLog(logger, metrics));
  if (deps.drain) app.use(deps.drain.middleware);
  app.use(securityHeaders);
  app.use(noStore);
  app.use(bodyLimits);
  app.use(requestEncoding);
  app.use(jsonBody);
  // Sync answers are JSON full of repeated keys and texts (a push answer of 200 cases shrinks ~8x): gzipped for
  // clients that accept it, which every browser does on its own.
  app.use('/api/sync/*', compress({ encoding: 'gzip' }));
  app.onError(onError);

  app.route('/api', createHealthRoutes(deps));
  app.route('/api', createOpsRoutes({ store: deps.store, metrics, logger, metricsToken: deps.config.metricsToken }));
  app.route('/api', createAuthRoutes(deps));
  app.route('/api/org', createOrgRoutes(deps));
  app.route('/api/admin', createAdminRoutes(deps));
  app.route('/api/committees', createCommitteeRoutes(deps));
  app.route('/api/cases', createCasesRoutes(deps));
  app.route('/api/case-numbers', createCaseNumberRoutes(deps));
  app.route('/api/sync', createSyncRoutes(deps));
  app.route('/api/photos', createPhotosRoutes(deps));
  app.route('/api/reports', createReportsRoutes(deps));
  app.route('/api/stats', createStatsRoutes(deps));
  app.route('/api/audit', createAuditRoutes(deps));
  app.route('/api', createRiskRoutes(deps));
  app.route('/api', createIntakeRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'tiaojie API',
      version: '1.0.0',
      description: 'Dispute cases, offline sync and annual reports. Errors are `{ error: { code, message } }` with a stable code.',
    },
  });

  app.all('/api/*', () => {
    throw new ApiError(404, 'NOT_FOUND', 'no such endpoint');
  });
  if (deps.config.webDist) mountWebApp(app, deps.config.webDist);
  return app;
}

export type App = ReturnType<typeof createApp>;
