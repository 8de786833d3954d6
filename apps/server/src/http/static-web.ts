import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './app-env.js';

/**
 * Serves the built PWA. Hashed assets are immutable; the service worker, manifest and index.html must be
 * revalidated every time so that an update is noticed.
 */
export function mountWebApp(app: Hono<AppEnv>, webDist: string): void {
  const indexFile = join(webDist, 'index.html');
  if (!existsSync(indexFile)) {
    console.warn(`web app not built at ${webDist}; serving the API only`);
    return;
  }
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-cache');
  });
  app.use('*', serveStatic({ root: webDist }));
  const indexHtml = readFileSync(indexFile, 'utf8');
  // Client-side routes fall back to the app shell. A missing file (an old chunk after an update, an unknown
  // /api path) stays a 404: answering it with HTML would surface as a script MIME error in the browser.
  app.get('*', (c) => (isFileRequest(c.req.path) ? c.notFound() : c.html(indexHtml)));
}

function isFileRequest(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path);
}
