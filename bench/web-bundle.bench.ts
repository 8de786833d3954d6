/**
 * Budget: gzipped JavaScript loaded before the grid worker's home screen is interactive ≤ 200 KB.
 * Measured two ways in one run: (1) Chromium's network log while a signed-in grid worker opens the app,
 * counting page-initiated JS requests until the home greeting renders; (2) in dist, what index.html loads at
 * once (its scripts and modulepreloads) with their static imports. Baseline for the ratio: React + ReactDOM
 * alone, gzipped the same way.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb, launch, signedInContext, startServer } from './web-support.ts';

const BUDGET = 200 * 1024;
const dist = 'apps/web/dist';
const gz = (buf: Buffer | string) => gzipSync(buf, { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

buildWeb();

// (2) What index.html makes the browser load at once: the startup check, the home snapshot script, the entry
// chunk, and the chunks it modulepreloads (the app, which the entry imports after the startup check and any
// polyfills; the local database's, when signed in), each with its static imports.
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
if (!entry) throw new Error('no entry script in index.html');
const staticClosure = new Set<string>();
const visit = (file: string) => {
  if (staticClosure.has(file)) return;
  staticClosure.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  // Static imports only (`import ... from "./x.js"` / `import "./x.js"`), not `import("./x.js")`.
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(join('assets', m[1]!));
};
for (const m of html.matchAll(/<script[^>]*src="\/([^"]+\.js)"|<link rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g)) visit((m[1] ?? m[2])!);
// A signed-in start also preloads the local database's chunks, listed in a meta tag (src/boot/home-snapshot.js).
const signedIn = /<meta name="tiaojie-signed-in-preload" content="([^"]*)"/.exec(html)?.[1] ?? '';
for (const f of signedIn.split(' ').filter(Boolean)) visit(f.replace(/^\//, ''));
if (!staticClosure.has(entry)) throw new Error('entry script not counted');
const staticBytes = [...staticClosure].reduce((sum, f) => sum + gz(readFileSync(join(dist, f))), 0);

// (1) Network: what the page actually fetched before home was on screen.
const server = await startServer();
const browser = await launch();
let networkBytes = 0;
const fetched: string[] = [];
try {
  const context = await signedInContext(browser, server.baseUrl, 'grid01');
  const page = await context.newPage();
  const jsUrls = new Set<string>();
  page.on('request', (r) => {
    if (r.resourceType() === 'script' || r.url().endsWith('.js')) jsUrls.add(new URL(r.url()).pathname);
  });
  await page.goto('/');
  // A grid worker's phone opens on its PIN screen (issue 14 §9), a staff desktop on home: whichever comes first.
  await page.locator('[data-lock-screen]').or(page.getByText('您好')).first().waitFor({ timeout: 30_000 });
  for (const path of jsUrls) {
    const file = join(dist, path);
    networkBytes += gz(readFileSync(file));
    fetched.push(path.replace('/assets/', ''));
  }
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}

const reactDir = readdirSync('apps/web/node_modules/react-dom/cjs').find((f) => f === 'react-dom-client.production.js');
const baseline =
  gz(readFileSync('apps/web/node_modules/react/cjs/react.production.js')) + gz(readFileSync(join('apps/web/node_modules/react-dom/cjs', reactDir ?? 'react-dom.production.js')));

console.log(`JS requested by the page before home rendered (${fetched.length} files: ${fetched.join(', ')})`);
console.log(`  network, gzip -9:        ${kb(networkBytes)}  = ${(networkBytes / BUDGET).toFixed(2)}× budget (200 KB)  = ${(networkBytes / baseline).toFixed(2)}× React+ReactDOM production CJS files alone, unminified (${kb(baseline)})`);
console.log(`  index.html closure:      ${kb(staticBytes)}  = ${(staticBytes / BUDGET).toFixed(2)}× budget  (${staticClosure.size} files)`);
console.log(networkBytes <= BUDGET ? 'WITHIN BUDGET' : 'OVER BUDGET');
