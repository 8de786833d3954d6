import { createRoute, z } from '@hono/zod-openapi';
import { caseFileCompletenessValues, NUL_CHAR, noNul } from '@tiaojie/domain';
import { adjustmentLineSchema, drillFigures } from '@tiaojie/report';
import { requireAuth } from '../auth/index.js';
import type { AppDeps, AuthContext } from '../http/app-env.js';
import { ApiError } from '../http/api-error.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { drillDown } from './drill-down.js';
import { annualCsv, CSV_TYPE, ledgerCsv } from './export-csv.js';
import { XLSX_TYPE, annualXlsx } from './export-xlsx.js';
import { assertCanImportLedger, prepareLedgerImport, runLedgerImport } from './ledger-import.js';
import { createImportJobs, type ImportJob } from './ledger-import-jobs.js';
import { hostname } from 'node:os';
import { ledgerLimits, refusals } from './ledger-limits.js';
import { ledgerTemplateXlsx } from './ledger-template.js';
import { loadLedger } from './ledger-rows.js';
import { printViewHtml } from './print-view.js';
import { assertCanSignOff, buildAnnualView, computeLive, resolveReportNode } from './report-service.js';
import { insertSignoff, listSignoffs } from './signoff-store.js';
import { recordAudit } from '../audit/index.js';

const yearSchema = z.coerce.number().int().min(2000).max(2100).openapi({ example: 2023, description: 'Calendar year (Asia/Shanghai)' });
const nodeSchema = z.string().min(1).max(64).refine(noNul, { message: NUL_CHAR }).optional().openapi({ example: 's1', description: 'Org node id; defaults to your own node' });
const reportQuery = z.object({ year: yearSchema, node: nodeSchema });
const jsonObject = z.record(z.string(), z.unknown());

const tags = ['reports'];
const common = { security: bearerSecurity, tags };
const errors = { 400: errorResponses[400], 401: errorResponses[401], 404: errorResponses[404] };


const annualRoute = createRoute({
  ...common,
  method: 'get',
  path: '/annual',
  summary: 'Annual report figures, text and tables for a node and year',
  description:
    'Figures follow the counting rules (受理/上年结转/办结/在办/调解/成功率/化解率, level shares, breakdowns), each rate with numerator and denominator and the previous year. ' +
    'When the year is signed off, `report` is the signed version and `adjustments` lists live − signed.',
  request: { query: reportQuery },
  responses: {
    200: {
      description: 'The report',
      content: {
        'application/json': {
          schema: z.object({
            status: z.enum(['draft', 'signed']),
            report: jsonObject,
            live: jsonObject,
            adjustments: z.array(z.object({ path: z.string(), locked: z.number(), current: z.number(), delta: z.number() })),
            adjustmentLines: z
              .object({ zh: z.array(adjustmentLineSchema), en: z.array(adjustmentLineSchema) })
              .openapi({ description: 'The adjustments as staff read them: changed headline figures first, each rate on one line with its numerator and denominator' }),
            syncedAfterSignoff: z.number().nullable().openapi({ description: 'Cases of the year’s ledger created or changed after the sign-off; null for a draft' }),
            signoff: jsonObject.nullable(),
            text: z.object({ zh: jsonObject, en: jsonObject }),
            tables: z.object({ zh: z.array(jsonObject), en: z.array(jsonObject) }),
            canSignOff: z.boolean(),
          }),
        },
      },
    },
    ...errors,
  },
});

const drillRoute = createRoute({
  ...common,
  method: 'get',
  path: '/annual/cases',
  summary: 'The cases behind one figure of the annual report, within your scope',
  request: {
    query: reportQuery.extend({
      figure: z.enum(drillFigures),
      key: z.string().max(64).refine(noNul, { message: NUL_CHAR }).default(''),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
      offset: z.coerce.number().int().min(0).default(0),
      synced: z
        .enum(['all', 'afterSignoff'])
        .default('all')
        .openapi({ description: 'afterSignoff: only cases created or changed after the year’s latest sign-off (none while it is a draft)' }),
      completeness: z
        .enum(caseFileCompletenessValues)
        .optional()
        .openapi({ description: 'Only cases whose case file is complete (every required document ready) or incomplete' }),
    }),
  },
  responses: {
    200: {
      description:
        'Cases (no personal data); `total` counts all, `visible` those you may open. When the year is signed off, `signedAt` is the latest ' +
        'sign-off and each case’s `afterSignoff` says whether it was created or changed after it.',
      content: {
        'application/json': { schema: z.object({ total: z.number(), visible: z.number(), cases: z.array(jsonObject), signedAt: z.string().nullable() }) },
      },
    },
    ...errors,
  },
});

const fileResponse = (type: string, description: string) => ({
  200: { description, content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } } },
  ...errors,
});

const xlsxRoute = createRoute({
  ...common,
  method: 'get',
  path: '/annual/xlsx',
  summary: 'Annual report as XLSX: summary, by type, by unit, by month, other breakdowns, masked case ledger',
  request: { query: reportQuery },
  responses: fileResponse(XLSX_TYPE, 'Workbook'),
});
const csvRoute = createRoute({
  ...common,
  method: 'get',
  path: '/annual/csv',
  summary: 'Annual report tables (or the masked ledger with table=ledger) as UTF-8 CSV',
  request: { query: reportQuery.extend({ table: z.enum(['report', 'ledger']).default('report') }) },
  responses: fileResponse(CSV_TYPE, 'CSV'),
});
const printRoute = createRoute({
  ...common,
  method: 'get',
  path: '/annual/print',
  summary: 'Annual report as a self-contained HTML page for A4 printing',
  request: { query: reportQuery },
  responses: fileResponse('text/html', 'HTML page'),
});

const signoffSchema = z.object({
  nodeId: z.string(),
  year: z.number(),
  version: z.number(),
  signedBy: z.string(),
  signedByName: z.string(),
  signedAt: z.string(),
  note: z.string(),
});
const signoffsRoute = createRoute({
  ...common,
  method: 'get',
  path: '/annual/signoffs',
  summary: 'Signed versions of a year’s report, newest first',
  request: { query: reportQuery },
  responses: { 200: { description: 'Versions', content: { 'application/json': { schema: z.object({ signoffs: z.array(signoffSchema) }) } } }, ...errors },
});
const signRoute = createRoute({
  ...common,
  method: 'post',
  path: '/annual/signoff',
  summary: 'Lock (or re-issue) the year’s report for a node: stores the figures as the next version',
  description: 'Sub-district staff and above. Later cases never change a signed version; they appear as adjustments until the report is re-issued.',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ year: yearSchema, node: nodeSchema, note: z.string().max(500).refine(noNul, { message: NUL_CHAR }).default('') }) } },
      required: true,
    },
  },
  responses: {
    201: { description: 'The new version', content: { 'application/json': { schema: signoffSchema } } },
    ...errors,
    403: errorResponses[403],
  },
});
const templateRoute = createRoute({
  ...common,
  method: 'get',
  path: '/ledger/template',
  summary: 'Empty ledger (台账) template for import, XLSX or CSV',
  request: { query: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }) },
  responses: fileResponse(XLSX_TYPE, 'Template'),
});

const rowIssueSchema = z.object({
  column: z.string().openapi({ example: '受理日期' }),
  field: z.string().openapi({ example: 'acceptedOn' }),
  code: z.string().openapi({ example: 'DATE_FORMAT' }),
  message: z.string().openapi({ example: '日期格式应为 年-月-日', description: 'The reason in Chinese (as messages.zh-CN)' }),
  messages: z
    .object({ 'zh-CN': z.string(), en: z.string() })
    .openapi({ example: { 'zh-CN': '日期格式应为 年-月-日', en: 'Dates are written YYYY-MM-DD' }, description: 'The reason in each UI language' }),
});
const importResultSchema = z.object({
  format: z.enum(['xlsx', 'csv']),
  total: z.number(),
  created: z.number(),
  completed: z.number(),
  updated: z.number().openapi({ description: 'Rows that corrected a case the ledger created earlier (an edit by the importer in its history)' }),
  unchanged: z.number(),
  rejected: z.number(),
  rows: z.array(
    z.object({
      line: z.number().openapi({ description: 'Line in the file as the spreadsheet numbers it (header = 1)' }),
      caseNo: z.string().nullable(),
      status: z.enum(['created', 'completed', 'updated', 'unchanged', 'rejected']),
      caseId: z.string().nullable(),
      issues: z.array(rowIssueSchema),
    }),
  ),
});
const importJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  done: z.number().openapi({ description: 'Rows processed so far' }),
  total: z.number().openapi({ description: 'Data rows in the file' }),
  result: importResultSchema.nullable().openapi({ description: 'Per-row results once the job is done' }),
  error: z.object({ code: z.string(), message: z.string() }).nullable().openapi({ description: 'Why a failed job stopped; import the file again' }),
});
const binaryFile = z.string().openapi({ format: 'binary' });
const sizeErrors = {
  413: { description: 'LEDGER_TOO_LARGE (file over 10 MB, an XLSX over 100 MB unpacked or with too many parts, a cell or row too large) or LEDGER_TOO_MANY_ROWS (over 20,000 rows)', content: errorResponses[400].content },
  429: { description: 'IMPORT_BUSY: you already have an import running (or the server has its limit of imports running)', content: errorResponses[400].content },
};
const importRoute = createRoute({
  ...common,
  method: 'post',
  path: '/import/ledger',
  summary: 'Start importing a ledger (台账) in the template’s format, XLSX or CSV; poll the job for progress and results',
  description:
    'Staff roles only. Send the file as multipart/form-data field `file`, or as the raw body (XLSX or CSV, UTF-8 or GB18030). ' +
    'The file is read and checked before the answer (at most 10 MB, 20,000 rows, an XLSX at most 100 MB unpacked); the rows then go in ' +
    'as a background job, a few rows per transaction group, so other requests are served meanwhile. Poll GET /import/ledger/jobs/{jobId}. ' +
    'Columns are those of GET /ledger/template (headers in Chinese; coded columns take the Chinese label or the code; ' +
    'parties with full names and phones, unlike the masked export). Each row’s grid (网格编号, or 网格名称 when unique) must lie in your area. ' +
    'Every row is written through the sync mutation path with a case id derived from grid + 案件编号 (a case created on a phone with the same ' +
    'grid and stored 案件编号 is that case), so importing the same file again — also after an interrupted import — doubles nothing: rows already ' +
    'in are `unchanged`, and a row that differs from the case the ledger created corrects it (`updated`, an edit by the importer in the case’s history). ' +
    'Bad rows come back with their line and per-column reasons; the others go in.',
  request: {
    body: {
      required: false,
      content: {
        'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) },
        [XLSX_TYPE]: { schema: binaryFile },
        'text/csv': { schema: binaryFile },
        'application/octet-stream': { schema: binaryFile },
      },
    },
  },
  responses: {
    202: { description: 'The job, started', content: { 'application/json': { schema: importJobSchema } } },
    ...errors,
    403: errorResponses[403],
    ...sizeErrors,
  },
});
const importJobRoute = createRoute({
  ...common,
  method: 'get',
  path: '/import/ledger/jobs/{jobId}',
  summary: 'Progress of a ledger import you started, and its per-row results once done',
  request: { params: z.object({ jobId: z.string().min(1).max(64) }) },
  responses: {
    200: { description: 'The job', content: { 'application/json': { schema: importJobSchema } } },
    ...errors,
  },
});

const jobView = (job: ImportJob) => ({ jobId: job.id, state: job.state, done: job.done, total: job.total, result: job.result, error: job.error });

function attachment(name: string): string {
  return `attachment; filename="report.${name.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Mounted at /api/reports in app.ts. */
export function createReportsRoutes(deps: AppDeps) {
  const router = createRouter();
  const db = deps.store.db;
  /** Every export and print is audited: which report, which unit, which format. */
  const auditExport = (auth: AuthContext, node: { id: string; path: string }, year: number, report: string, format: string) =>
    recordAudit(db, {
      action: format === 'print' ? 'report.print' : 'report.export',
      actor: auth.user,
      deviceId: auth.deviceId,
      scopePath: node.path,
      target: node.id,
      details: { report, year, format, nodeId: node.id },
    });
  const importJobs = createImportJobs(
    db,
    undefined,
    {
      ...(deps.metrics ? { countImportJob: (outcome: 'started' | 'completed' | 'failed') => deps.metrics!.countImportJob(outcome) } : {}),
      ...(deps.drain ? { track: <T>(task: Promise<T>) => deps.drain!.track(task) } : {}),
    },
    // The same name after a restart (so it fails its own leftovers), a different one for each instance.
    deps.config.instanceId ?? `${hostname()}:${deps.config.dataDir}`,
  );
  router.use('*', requireAuth(deps));

  router.openapi(annualRoute, async (c) => {
    const { year, node: nodeId } = c.req.valid('query');
    const viewer = c.var.auth.user;
    const node = await resolveReportNode(db, viewer, nodeId);
    const view = await buildAnnualView(db, viewer, node, year);
    return c.json(
      {
        ...view,
        report: view.report as unknown as Record<string, unknown>,
        live: view.live as unknown as Record<string, unknown>,
        signoff: view.signoff as unknown as Record<string, unknown> | null,
        text: { zh: { ...view.text.zh }, en: { ...view.text.en } },
        tables: { zh: view.tables.zh as unknown as Record<string, unknown>[], en: view.tables.en as unknown as Record<string, unknown>[] },
      },
      200,
    );
  });

  router.openapi(drillRoute, async (c) => {
    const q = c.req.valid('query');
    const viewer = c.var.auth.user;
    const node = await resolveReportNode(db, viewer, q.node);
    const result = await drillDown(db, (stored) => deps.store.personal.open(stored), viewer, node, q.year, q.figure, q.key, { limit: q.limit, offset: q.offset }, q.synced, q.completeness);
    return c.json({ ...result, cases: result.cases as unknown as Record<string, unknown>[] }, 200);
  });

  router.openapi(xlsxRoute, async (c) => {
    const { year, node: nodeId } = c.req.valid('query');
    const viewer = c.var.auth.user;
    const node = await resolveReportNode(db, viewer, nodeId);
    const view = await buildAnnualView(db, viewer, node, year);
    const buf = await annualXlsx(view, await loadLedger(deps.store, node, year, viewer));
    await auditExport(c.var.auth, node, year, 'annual+ledger', 'xlsx');
    return c.body(new Uint8Array(buf), 200, {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachment(`${node.name}${year}年矛盾纠纷统计.xlsx`),
      'Cache-Control': 'no-store',
    });
  });

  router.openapi(csvRoute, async (c) => {
    const { year, node: nodeId, table } = c.req.valid('query');
    const viewer = c.var.auth.user;
    const node = await resolveReportNode(db, viewer, nodeId);
    const body =
      table === 'ledger'
        ? ledgerCsv(await loadLedger(deps.store, node, year, viewer))
        : annualCsv(await buildAnnualView(db, viewer, node, year));
    await auditExport(c.var.auth, node, year, table === 'ledger' ? 'ledger' : 'annual', 'csv');
    return c.body(body, 200, {
      'Content-Type': CSV_TYPE,
      'Content-Disposition': attachment(`${node.name}${year}年${table === 'ledger' ? '台账' : '矛盾纠纷统计'}.csv`),
      'Cache-Control': 'no-store',
    });
  });

  router.openapi(printRoute, async (c) => {
    const { year, node: nodeId } = c.req.valid('query');
    const viewer = c.var.auth.user;
    const node = await resolveReportNode(db, viewer, nodeId);
    const html = printViewHtml(await buildAnnualView(db, viewer, node, year));
    await auditExport(c.var.auth, node, year, 'annual', 'print');
    return c.body(html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  });

  router.openapi(signoffsRoute, async (c) => {
    const { year, node: nodeId } = c.req.valid('query');
    const node = await resolveReportNode(db, c.var.auth.user, nodeId);
    const signoffs = (await listSignoffs(db, node.id, year)).map(({ report: _r, ...s }) => s);
    return c.json({ signoffs }, 200);
  });

  router.openapi(signRoute, async (c) => {
    const { year, node: nodeId, note } = c.req.valid('json');
    const viewer = c.var.auth.user;
    const node = await resolveReportNode(db, viewer, nodeId);
    assertCanSignOff(viewer);
    // Taken before the figures are read: a case written meanwhile counts as synced after the sign-off, never silently.
    const now = new Date();
    const live = await computeLive(db, node, year);
    const { report: _r, ...signoff } = await insertSignoff(db, live, viewer, note, now);
    await recordAudit(db, {
      action: 'report.signoff',
      actor: viewer,
      deviceId: c.var.auth.deviceId,
      scopePath: node.path,
      target: node.id,
      details: { year, nodeId: node.id, version: signoff.version },
    });
    return c.json(signoff, 201);
  });

  router.openapi(templateRoute, async (c) => {
    const { format } = c.req.valid('query');
    if (format === 'csv') {
      return c.body(ledgerCsv([]), 200, { 'Content-Type': CSV_TYPE, 'Content-Disposition': attachment('台账导入模板.csv') });
    }
    const buf = await ledgerTemplateXlsx();
    return c.body(new Uint8Array(buf), 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment('台账导入模板.xlsx') });
  });

  router.openapi(importRoute, async (c) => {
    assertCanImportLedger(c.var.auth);
    const type = c.req.header('content-type') ?? '';
    let bytes: Uint8Array;
    if (/^multipart\/form-data/i.test(type)) {
      const file = (c.req.valid('form') as { file?: unknown }).file;
      if (!(file instanceof Blob)) throw new ApiError(400, 'VALIDATION_FAILED', 'multipart body needs a file field', [{ path: 'file', code: 'REQUIRED', message: 'REQUIRED' }]);
      // Checked before the file is copied out of the form.
      if (file.size > ledgerLimits.maxBytes) throw new ApiError(413, 'LEDGER_TOO_LARGE', refusals.fileTooLarge(ledgerLimits).message);
      bytes = new Uint8Array(await file.arrayBuffer());
    } else {
      bytes = new Uint8Array(await c.req.arrayBuffer());
    }
    const auth = c.var.auth;
    const prepared = await prepareLedgerImport(auth, bytes);
    const job = await importJobs.start(auth.user.id, prepared.rows.length, (onProgress) => runLedgerImport(deps, auth, prepared, { onProgress, ...(deps.drain ? { signal: deps.drain.stopping } : {}) }));
    await recordAudit(db, {
      action: 'ledger.import',
      actor: auth.user,
      deviceId: auth.deviceId,
      target: job.id,
      details: { rows: prepared.rows.length, bytes: bytes.byteLength, jobId: job.id },
    });
    c.header('Location', `/api/reports/import/ledger/jobs/${job.id}`);
    return c.json(jobView(job), 202);
  });

  router.openapi(importJobRoute, async (c) => {
    const job = await importJobs.get(c.req.valid('param').jobId, c.var.auth.user.id);
    if (!job) throw new ApiError(404, 'NOT_FOUND', 'no such import job of yours');
    return c.json(jobView(job), 200);
  });

  return router;
}
