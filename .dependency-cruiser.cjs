/** Enforces the dependency direction described in docs/ARCHITECTURE.md. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'packages-stay-pure',
      comment: 'domain, sync and report computation import no I/O library',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: 'node_modules/(dexie|hono|@hono|react|react-dom|kysely|pg|better-sqlite3|exceljs|echarts)/' },
    },
    {
      name: 'packages-do-not-import-apps',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-deep-package-imports-from-apps',
      comment: 'use a package through its index only',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^packages/[^/]+/src/', pathNot: 'index\\.ts$' },
    },
    {
      name: 'no-deep-package-imports-between-packages',
      severity: 'error',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/[^/]+/src/', pathNot: ['^packages/$1/', 'index\\.ts$'] },
    },
    {
      name: 'dexie-only-in-storage',
      severity: 'error',
      from: { path: '^apps/web/src/', pathNot: '^apps/web/src/storage/' },
      to: { path: 'node_modules/dexie/' },
    },
    {
      name: 'server-not-in-web',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|dist|\\.tsbuild)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: true,
  },
};
