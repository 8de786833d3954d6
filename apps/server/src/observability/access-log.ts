import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../http/app-env.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/**
 * One line per request: method, route pattern (never the raw path or query, which can carry ids or search
 * words), status, duration, request id and user id. No headers, bodies or tokens. The same figures feed the
 * request metrics.
 */
export function accessLog(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    metrics.inFlight.inc();
    try {
      await next();
    } finally {
      metrics.inFlight.dec();
      const seconds = (performance.now() - started) / 1000;
      // An unmatched path has no route; '*' keeps unknown paths from becoming one series each.
      const route = matchedRoute(c);
      const status = c.res.status;
      metrics.observeRequest(c.req.method, route, status, seconds);
      const auth = c.get('auth') as AppEnv['Variables']['auth'] | undefined;
      logger.info(
        { req: { method: c.req.method, route }, status, ms: Math.round(seconds * 10_000) / 10, requestId: c.get('requestId'), userId: auth?.user.id },
        'request',
      );
    }
  };
}

function matchedRoute(c: Parameters<MiddlewareHandler>[0]): string {
  const route = routePath(c);
  return route && route !== '/*' && route !== '*' ? route : '*';
}
