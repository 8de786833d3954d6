import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Store } from '../db/index.js';
import type { AppEnv } from '../http/app-env.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export interface OpsRoutesDeps {
  store: Store;
  metrics: Metrics;
  logger: Logger;
  /** Bearer token for /api/metrics; without one the endpoint does not exist (404). */
  metricsToken: string | undefined;
  /** How long readiness waits for the database. */
  readinessTimeoutMs?: number;
}

/**
 * Readiness (`/api/ready`: can this instance serve? it asks the database) apart from liveness (`/api/health`,
 * cheap), and the Prometheus scrape endpoint. Both stay out of the OpenAPI document: they are for the
 * operator's tools, not the app.
 */
export function createOpsRoutes(deps: OpsRoutesDeps) {
  const router = new Hono<AppEnv>();
  router.get('/ready', async (c) => {
    const started = performance.now();
    try {
      await withTimeout(sql`select 1`.execute(deps.store.db), deps.readinessTimeoutMs ?? 2000);
      return c.json({ status: 'ready', database: deps.store.dialect, ms: Math.round(performance.now() - started) }, 200);
    } catch (err) {
      deps.logger.warn({ err: String(err) }, 'readiness: database check failed');
      return c.json({ status: 'unavailable', database: deps.store.dialect }, 503);
    }
  });

  router.get('/metrics', async (c) => {
    if (!deps.metricsToken) return c.json({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } }, 404);
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!sameSecret(given, deps.metricsToken)) {
      return c.json({ error: { code: 'UNAUTHENTICATED', message: 'metrics token required' } }, 401);
    }
    c.header('content-type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
  return router;
}

/** Compares digests so neither the length nor the content leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}
