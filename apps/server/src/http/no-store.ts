import type { MiddlewareHandler } from 'hono';

/** Answers that carry nothing personal and may be cached by browsers and proxies. */
const cacheable = new Set(['/api/health', '/api/openapi.json']);

/**
 * Every other API answer may carry personal data (names, ID numbers, phone numbers, photos): it must not rest
 * in a browser's disk cache or a shared proxy. The phone keeps what it needs in its own store (IndexedDB), so
 * this overrides even a route's own caching header.
 */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.req.path.startsWith('/api/') && !cacheable.has(c.req.path)) c.header('Cache-Control', 'no-store');
};
