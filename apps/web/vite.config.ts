import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import browserslistToEsbuild from 'browserslist-to-esbuild';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { minify } from 'terser';

/**
 * Chunks only staff open (report screens, charts): kept out of the grid worker's precache. A chunk counts as
 * staff-only when it holds staff code or the chart engine and none of the field app's own modules (helpers
 * such as tslib travel with echarts, so "every module is staff" would miss the chart chunk).
 */
function isStaffOnly(moduleIds: readonly string[]): boolean {
  const staffOrCharts = moduleIds.some((id) => /\/src\/staff\/|node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(echarts|zrender)\//.test(id));
  const fieldAppCode = moduleIds.some((id) => id.includes('/apps/web/src/') && !id.includes('/apps/web/src/staff/'));
  return staffOrCharts && !fieldAppCode;
}

/**
 * Preloads lazily imported modules' chunks and everything they import, so the browser fetches and compiles them
 * alongside the entry while the entry's evaluation stays small. `always`: <link rel="modulepreload"> in
 * index.html. `signedIn` (the local database and its schemas, which the sign-in screen never needs): listed in
 * <meta name="tiaojie-signed-in-preload">, which src/boot/home-snapshot.js turns into modulepreloads only when a
 * session is stored, so a first visit fetches no more than the sign-in screen uses.
 */
function preloadLazyChunks({ always, signedIn }: { always: string[]; signedIn: string[] }): Plugin {
  return {
    name: 'tiaojie-preload-lazy-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = new Map(Object.values(ctx.bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
        const closure = (moduleSuffixes: string[], files = new Set<string>()) => {
          const visit = (fileName: string) => {
            if (files.has(fileName)) return;
            files.add(fileName);
            for (const dep of chunks.get(fileName)?.imports ?? []) visit(dep);
          };
          for (const suffix of moduleSuffixes) {
            const root = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(suffix));
            if (!root) throw new Error(`no chunk for ${suffix}`);
            visit(root.fileName);
          }
          return files;
        };
        const inHtml = (f: string) => html.includes(`/${f}"`);
        const first = closure(always);
        const later = [...closure(signedIn)].filter((f) => !first.has(f) && !inHtml(f));
        return [
          ...[...first].filter((f) => !inHtml(f)).map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
          { tag: 'meta', attrs: { name: 'tiaojie-signed-in-preload', content: later.map((f) => `/${f}`).join(' ') }, injectTo: 'head' as const },
        ];
      },
    },
  };
}

/**
 * Our packages only declare things (code lists, zod schemas, pure functions). Saying so lets the bundler leave
 * a module out of a chunk that imports the package's index but uses nothing of it — so the case and sync
 * schemas are built with the lazily loaded storage, not in the entry chunk before the first render.
 */
function sideEffectFreePackages(idPattern: RegExp): Plugin {
  return {
    name: 'tiaojie-side-effect-free-packages',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && idPattern.test(resolved.id) ? { ...resolved, moduleSideEffects: false } : resolved;
    },
  };
}

const classicScriptFile = (name: string, code: string) => `assets/${name}-${createHash('sha256').update(code).digest('base64url').slice(0, 8)}.js`;

/**
 * Emits an ES5 classic script from src/boot as it is written (it must parse where the app cannot) under a
 * content hash, and loads it from index.html — a file, not an inline script: the server's CSP allows scripts
 * from our origin only. src/boot/startup-check.js goes at the top of <head>, so it runs before the entry
 * module; src/boot/home-snapshot.js at the end of <body>, right after #root, so it paints into it while the
 * page is parsed (after the check, before the entry module and any polyfill).
 */
function classicScript(source: string, injectTo: 'head-prepend' | 'body'): Plugin {
  const name = source.replace(/^.*\/|\.js$/g, '');
  const written = readFileSync(new URL(source, import.meta.url), 'utf8');
  // Vite's own minifier cannot write ES5; terser keeps the script's ES5 (and saves ~1 KB gz of the start bundle).
  const minified = minify(written, { ecma: 5, compress: { ecma: 5 }, format: { ecma: 5 }, mangle: true }).then((r) => r.code ?? written);
  return {
    name: `tiaojie-classic-script-${name}`,
    apply: 'build',
    async generateBundle() {
      const code = await minified;
      this.emitFile({ type: 'asset', fileName: classicScriptFile(name, code), source: code });
    },
    transformIndexHtml: {
      order: 'post',
      handler: async () => {
        const src = `/${classicScriptFile(name, await minified)}`;
        // A script at the end of <body> is found after the head's modulepreloads and would be fetched behind them.
        const early = injectTo === 'body' ? [{ tag: 'link', attrs: { rel: 'preload', as: 'script', href: src }, injectTo: 'head-prepend' as const }] : [];
        return [...early, { tag: 'script', attrs: { src }, injectTo }];
      },
    },
  };
}

/**
 * zod builds a JSON Schema generator into every schema (`.toJSONSchema()`, Standard Schema's `jsonSchema`), about
 * 4 KB gz of the phone's start bundle that the app never calls: JSON Schemas are the server's (OpenAPI). In the
 * browser build those two modules become stand-ins that refuse if ever called, with the same exports.
 */
function withoutZodJsonSchema(): Plugin {
  const stubbed = /zod\/v4\/core\/(json-schema-processors|to-json-schema)\.js$/;
  const refuse = 'function refuse() { throw new Error("JSON Schema generation is not part of the browser build"); }';
  return {
    name: 'tiaojie-without-zod-json-schema',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer?.includes('/zod/') || !/json-schema-processors|to-json-schema/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && stubbed.test(resolved.id) ? `\0stub:${resolved.id}` : null;
    },
    load(id) {
      if (!id.startsWith('\0stub:')) return null;
      const real = readFileSync(id.slice('\0stub:'.length), 'utf8');
      const names = [...real.matchAll(/^export (?:const|function) (\w+)/gm)].map((m) => m[1]!);
      const aliases = [...real.matchAll(/^export \{ (\w+) as (\w+) \}/gm)].map((m) => `export const ${m[2]} = refuse;`);
      return [
        refuse,
        ...names.map((n) => (n === 'allProcessors' ? 'export const allProcessors = {};' : n.startsWith('create') ? `export const ${n} = () => refuse;` : `export const ${n} = refuse;`)),
        ...aliases,
      ].join('\n');
    },
  };
}

export default defineConfig({
  plugins: [
    withoutZodJsonSchema(),
    react(),
    classicScript('./src/boot/startup-check.js', 'head-prepend'),
    // The early PIN pad first: drawn before home-snapshot.js adds the signed-in modulepreloads, whose compiling
    // would otherwise hold up the parser on its way to it.
    classicScript('./src/boot/lock-pad.js', 'body'),
    classicScript('./src/boot/home-snapshot.js', 'body'),
    preloadLazyChunks({ always: ['/src/app/start.tsx'], signedIn: ['/src/app/record-schemas.ts', '/src/storage/index.ts'] }),
    sideEffectFreePackages(/\/packages\/(domain|sync)\/src\//),
    VitePWA({
      strategies: 'generateSW',
      // We register with workbox-window ourselves so the update waits for a safe moment (see src/pwa).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/icon.svg', 'icons/apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: '调解 · 矛盾纠纷调解台账',
        short_name: '调解',
        description: '网格员离线记录矛盾纠纷调解案件',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#b3261e',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        globIgnores: ['**/staff-*.js', '**/staff-*.css'],
        navigateFallback: '/index.html',
        // The API is never served from a cache: stale case data would look like saved data.
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false,
        runtimeCaching: [
          {
            // Staff screens are fetched on first use and then kept for offline reading.
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/staff-'),
            handler: 'CacheFirst',
            options: { cacheName: 'staff-chunks', expiration: { maxEntries: 30 } },
          },
        ],
      },
    }),
  ],
  build: {
    // Syntax is lowered to the oldest browser in package.json's `browserslist` and never above ES2020 (the
    // floor's language level; dist-syntax.test.ts parses every built file at it).
    target: ['es2020', ...browserslistToEsbuild(undefined, { path: import.meta.dirname })],
    sourcemap: false,
    rollupOptions: {
      output: {
        chunkFileNames: (chunk) => (isStaffOnly(chunk.moduleIds) ? 'assets/staff-[name]-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: { '/api': { target: process.env.API_TARGET ?? 'http://localhost:8080', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: process.env.API_TARGET ?? 'http://localhost:8080', changeOrigin: false } },
  },
});
