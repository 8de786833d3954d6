import { createRoute, z } from '@hono/zod-openapi';
import { levelRank, NUL_CHAR, noNul, roleLevel, toShanghaiDate, type OrgNode, type User } from '@tiaojie/domain';
import { parseStatsPeriod, statsTableKeys, type StatsPeriod, type StatsSettings } from '@tiaojie/report';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/index.js';
import { requireAuth } from '../auth/index.js';
import type { Database } from '../db/index.js';
import { ApiError, notFound } from '../http/api-error.js';
import type { AppDeps, AuthContext } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { findNodeInScope } from '../org/index.js';
import { CSV_TYPE } from './export-csv.js';
import { XLSX_TYPE } from './export-xlsx.js';
import { statsCsv, statsPrintHtml, statsXlsx, type StatsSignature } from './stats-export.js';
import { drillStatsCell, loadStatsInput, loadStatsSettings } from './stats-queries.js';
import { assertCanSignOff } from './report-service.js';
import { buildStatsView, computeLiveStats, listStatsSyncedAfter, type StatsView } from './stats-service.js';
import { insertStatsSignoff, latestStatsSignoff, listStatsSignoffs } from './signoff-store.js';

const common = { security: bearerSecurity, tags: ['statistics'] };
const errors = { 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] };
const nodeSchema = z.string().min(1).max(64).refine(noNul, { message: NUL_CHAR }).optional().openapi({ example: 's1', description: 'Org node id; defaults to your own node' });
const periodSchema = z
  .string()
  .refine((p) => parseStatsPeriod(p) !== null && Number(p.slice(0, 4)) >= 2000 && Number(p.slice(0, 4)) <= 2100, { message: 'PERIOD_FORMAT' })
  .openapi({ example: '2025-Q2', description: "A year ('2025'), quarter ('2025-Q2') or month ('2025-03')" });
const statsQuery = z.object({ node: nodeSchema, period: periodSchema, locale: z.enum(['zh-CN', 'en']).default('zh-CN') });
const signQuery = statsQuery.extend({
  head: z.string().max(50).refine(noNul).default('').openapi({ description: '负责人' }),
  preparer: z.string().max(50).refine(noNul).optional().openapi({ description: '制表人 (default: you)' }),
  reportDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: '填报日期 (default: today)' }),
});
const jsonObject = z.record(z.string(), z.unknown());

const settingsSchema = z.object({
  tables: z
    .partialRecord(
      z.enum(statsTableKeys as [string, ...string[]]),
      z.object({
        title: z.string().trim().max(100).refine(noNul).optional(),
        columns: z.array(z.object({ key: z.string().max(64).refine(noNul), title: z.string().trim().max(50).refine(noNul).optional(), hidden: z.boolean().optional() })).max(100).optional(),
      }),
    )
    .optional(),
});

const tablesRoute = createRoute({
  ...common,
  method: 'get',
  path: '/tables',
  summary: "People's-mediation statistics tables of a unit and period: per committee and summed, each cell with its drill-down key",
  description:
    'When the unit and period are signed off, the tables are the signed version (never recomputed) and `adjustmentLines` lists live − signed per changed cell; ' +
    '`footnote` counts the grids that filed nil reports and those that did not report (a quarter or year: a grid did not report if some month of it that has begun has neither a case nor a nil report).',
  request: { query: statsQuery },
  responses: { 200: { description: 'Tables', content: { 'application/json': { schema: jsonObject } } }, ...errors },
});
const cellRoute = createRoute({
  ...common,
  method: 'get',
  path: '/cases',
  summary: 'The cases behind one cell: column key and row key (a committee id, _none or _total); values add up to the cell',
  request: { query: statsQuery.extend({ column: z.string().max(64), row: z.string().max(64) }) },
  responses: { 200: { description: 'Cases', content: { 'application/json': { schema: jsonObject } } }, ...errors },
});
const lateRoute = createRoute({
  ...common,
  method: 'get',
  path: '/late-cases',
  summary: 'Cases of the period written after the latest sign-off (new, changed or removed since): what the adjustments come from',
  request: { query: z.object({ node: nodeSchema, period: periodSchema }) },
  responses: { 200: { description: 'Cases; empty, signedAt null, for a draft', content: { 'application/json': { schema: jsonObject } } }, ...errors },
});
const fileResponse = (type: string, description: string) => ({ 200: { description, content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors });
const xlsxRoute = createRoute({ ...common, method: 'get', path: '/xlsx', summary: 'The tables as XLSX in the form layout (one sheet per table)', request: { query: signQuery }, responses: fileResponse(XLSX_TYPE, 'Workbook') });
const csvRoute = createRoute({ ...common, method: 'get', path: '/csv', summary: 'The tables as UTF-8 CSV', request: { query: signQuery }, responses: fileResponse(CSV_TYPE, 'CSV') });
const printRoute = createRoute({ ...common, method: 'get', path: '/print', summary: 'The tables as a self-contained landscape A4 HTML page', request: { query: signQuery }, responses: fileResponse('text/html', 'HTML page') });
const signoffSchema = z.object({
  nodeId: z.string(),
  period: z.string(),
  version: z.number(),
  head: z.string(),
  preparer: z.string(),
  reportDate: z.string(),
  signedBy: z.string(),
  signedByName: z.string(),
  signedAt: z.string(),
  note: z.string(),
});
const signoffsRoute = createRoute({
  ...common,
  method: 'get',
  path: '/signoffs',
  summary: 'Signed versions of a unit’s statistics tables for a period, newest first',
  request: { query: z.object({ node: nodeSchema, period: periodSchema }) },
  responses: { 200: { description: 'Versions', content: { 'application/json': { schema: z.object({ signoffs: z.array(signoffSchema) }) } } }, ...errors },
});
const signRoute = createRoute({
  ...common,
  method: 'post',
  path: '/signoff',
  summary: 'Lock (or re-issue) a unit’s statistics tables for a period: stores them, with their footnote and signers, as the next version',
  description: 'Sub-district staff and above, as the annual report. Later cases never change a signed version; they appear as adjustments until the tables are signed again.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            node: nodeSchema,
            period: periodSchema,
            head: z.string().trim().max(50).refine(noNul, { message: NUL_CHAR }).default('').openapi({ description: '负责人' }),
            preparer: z.string().trim().max(50).refine(noNul, { message: NUL_CHAR }).optional().openapi({ description: '制表人 (default: you)' }),
            reportDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: '填报日期 (default: today)' }),
            note: z.string().max(500).refine(noNul, { message: NUL_CHAR }).default(''),
          }),
        },
      },
    },
  },
  responses: { 201: { description: 'The new version', content: { 'application/json': { schema: signoffSchema } } }, ...errors, 403: errorResponses[403] },
});
const getSettingsRoute = createRoute({
  ...common,
  method: 'get',
  path: '/settings',
  summary: "The column titles and order that apply to a unit (its sub-district's setting)",
  request: { query: z.object({ node: nodeSchema }) },
  responses: { 200: { description: 'Settings', content: { 'application/json': { schema: settingsSchema } } }, ...errors },
});
const putSettingsRoute = createRoute({
  ...common,
  method: 'put',
  path: '/settings/{nodeId}',
  summary: "Sets a sub-district's column titles and order for the statistics tables (sub-district staff and above)",
  request: { params: z.object({ nodeId: z.string().min(1).max(64).refine(noNul) }), body: { required: true, content: { 'application/json': { schema: settingsSchema } } } },
  responses: { 204: { description: 'Saved' }, 403: errorResponses[403], ...errors },
});

async function resolveUnit(db: Kysely<Database>, viewer: User, nodeId: string | undefined): Promise<OrgNode> {
  const node = await findNodeInScope(db, nodeId ?? viewer.nodeId, viewer.nodePath);
  if (!node) throw notFound('node');
  return node;
}

function attachment(name: string): string {
  return `attachment; filename="stats.${name.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Mounted at /api/stats. */
export function createStatsRoutes(deps: AppDeps) {
  const router = createRouter();
  const db = deps.store.db;
  router.use('*', requireAuth(deps));

  const build = async (viewer: User, nodeId: string | undefined, periodId: string) => {
    const node = await resolveUnit(db, viewer, nodeId);
    const period = parseStatsPeriod(periodId) as StatsPeriod;
    return { node, period, view: await buildStatsView(db, viewer, node, period) };
  };
  /** A signed version is printed with the signers it was signed with; a draft with those asked for (or blank lines). */
  const signature = (viewer: User, view: StatsView, q: { head: string; preparer?: string | undefined; reportDate?: string | undefined }): StatsSignature =>
    view.signoff
      ? { reportDate: view.signoff.reportDate, head: view.signoff.head, preparer: view.signoff.preparer }
      : { reportDate: q.reportDate ?? toShanghaiDate(new Date()), head: q.head, preparer: q.preparer ?? viewer.displayName };
  const auditExport = (auth: AuthContext, node: OrgNode, period: string, format: string) =>
    recordAudit(db, {
      action: format === 'print' ? 'report.print' : 'report.export',
      actor: auth.user,
      deviceId: auth.deviceId,
      scopePath: node.path,
      target: node.id,
      details: { report: 'mediation-stats', period, format, nodeId: node.id },
    });

  router.openapi(tablesRoute, async (c) => {
    const q = c.req.valid('query');
    const { view } = await build(c.var.auth.user, q.node, q.period);
    const en = q.locale === 'en';
    return c.json(
      {
        ...view.stats[q.locale],
        status: view.status,
        signoff: view.signoff,
        adjustmentLines: en ? view.adjustmentLines.en : view.adjustmentLines.zh,
        syncedAfterSignoff: view.syncedAfterSignoff,
        canSignOff: view.canSignOff,
      } as unknown as Record<string, unknown>,
      200,
    );
  });

  router.openapi(cellRoute, async (c) => {
    const q = c.req.valid('query');
    const node = await resolveUnit(db, c.var.auth.user, q.node);
    const period = parseStatsPeriod(q.period) as StatsPeriod;
    const input = await loadStatsInput(db, node, period);
    const result = await drillStatsCell(db, node, period, q.column, q.row, input.committees);
    if (!result) throw new ApiError(400, 'VALIDATION_FAILED', 'no such column', [{ path: 'column', code: 'UNKNOWN', message: 'no such column' }]);
    return c.json(result as unknown as Record<string, unknown>, 200);
  });

  router.openapi(lateRoute, async (c) => {
    const q = c.req.valid('query');
    const node = await resolveUnit(db, c.var.auth.user, q.node);
    const period = parseStatsPeriod(q.period) as StatsPeriod;
    const signed = await latestStatsSignoff(db, node.id, period.id);
    const result = signed ? await listStatsSyncedAfter(db, node, period, signed.signedAt) : { total: 0, count: 0, cases: [] };
    return c.json({ ...result, signedAt: signed?.signedAt ?? null } as unknown as Record<string, unknown>, 200);
  });

  router.openapi(xlsxRoute, async (c) => {
    const q = c.req.valid('query');
    const { node, view } = await build(c.var.auth.user, q.node, q.period);
    const stats = view.stats['zh-CN'];
    const buf = await statsXlsx(stats, signature(c.var.auth.user, view, q), view);
    await auditExport(c.var.auth, node, q.period, 'xlsx');
    return c.body(new Uint8Array(buf), 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment(`${node.name}${stats.periodLabel}人民调解统计报表.xlsx`), 'Cache-Control': 'no-store' });
  });

  router.openapi(csvRoute, async (c) => {
    const q = c.req.valid('query');
    const { node, view } = await build(c.var.auth.user, q.node, q.period);
    const stats = view.stats['zh-CN'];
    await auditExport(c.var.auth, node, q.period, 'csv');
    return c.body(statsCsv(stats, signature(c.var.auth.user, view, q), view), 200, { 'Content-Type': CSV_TYPE, 'Content-Disposition': attachment(`${node.name}${stats.periodLabel}人民调解统计报表.csv`), 'Cache-Control': 'no-store' });
  });

  router.openapi(printRoute, async (c) => {
    const q = c.req.valid('query');
    const { node, view } = await build(c.var.auth.user, q.node, q.period);
    await auditExport(c.var.auth, node, q.period, 'print');
    return c.body(statsPrintHtml(view.stats['zh-CN'], signature(c.var.auth.user, view, q), view), 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  });

  router.openapi(signoffsRoute, async (c) => {
    const q = c.req.valid('query');
    const node = await resolveUnit(db, c.var.auth.user, q.node);
    const signoffs = (await listStatsSignoffs(db, node.id, q.period)).map(({ stats: _s, ...meta }) => meta);
    return c.json({ signoffs }, 200);
  });

  router.openapi(signRoute, async (c) => {
    const body = c.req.valid('json');
    const viewer = c.var.auth.user;
    const node = await resolveUnit(db, viewer, body.node);
    assertCanSignOff(viewer);
    const period = parseStatsPeriod(body.period) as StatsPeriod;
    // Taken before the figures are read: a case written meanwhile counts as synced after the sign-off, never silently.
    const now = new Date();
    const stats = await computeLiveStats(db, node, period, now);
    const signed = await insertStatsSignoff(
      db,
      { nodeId: node.id, period: period.id, stats, head: body.head, preparer: body.preparer ?? viewer.displayName, reportDate: body.reportDate ?? toShanghaiDate(now) },
      viewer,
      body.note,
      now,
    );
    const { stats: _s, ...meta } = signed;
    await recordAudit(db, {
      action: 'report.signoff',
      actor: viewer,
      deviceId: c.var.auth.deviceId,
      scopePath: node.path,
      target: node.id,
      details: { report: 'mediation-stats', period: period.id, nodeId: node.id, version: signed.version },
    });
    return c.json(meta, 201);
  });

  router.openapi(getSettingsRoute, async (c) => {
    const node = await resolveUnit(db, c.var.auth.user, c.req.valid('query').node);
    return c.json((await loadStatsSettings(db, node)) ?? {}, 200);
  });

  router.openapi(putSettingsRoute, async (c) => {
    const viewer = c.var.auth.user;
    if (viewer.role !== 'admin' && levelRank[roleLevel(viewer.role)] < levelRank.subdistrict) throw new ApiError(403, 'ROLE_NOT_ALLOWED', 'only sub-district staff and above set the statistics columns');
    const node = await resolveUnit(db, viewer, c.req.valid('param').nodeId);
    if (node.kind !== 'subdistrict') throw notFound('sub-district');
    const settings: StatsSettings = c.req.valid('json') as StatsSettings;
    const now = new Date().toISOString();
    const values = { settings: JSON.stringify(settings), updated_by: viewer.id, updated_at: now };
    await db
      .insertInto('stats_settings')
      .values({ node_id: node.id, ...values })
      .onConflict((oc) => oc.column('node_id').doUpdateSet(values))
      .execute();
    return c.body(null, 204);
  });
  return router;
}
