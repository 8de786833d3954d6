import { createRoute, z } from '@hono/zod-openapi';
import { caseNumberFormatMaxLength, checkCaseNumberFormat, formatCaseNumber, safeString } from '@tiaojie/domain';
import { requireAuth } from '../auth/index.js';
import type { AppDeps } from '../http/app-env.js';
import { forbidden, notFound, validationError } from '../http/api-error.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { findNodeInScope } from '../org/index.js';
import { caseNumberFormatOf, explainSeries, forgetCaseNumberFormat, seriesKeyOf } from './case-numbers.js';

// NUL is refused before any query (PostgreSQL cannot hold it in text).
const nodeParams = z.object({ nodeId: safeString().min(1).max(64) });
const formatSchema = z.object({ format: z.string(), shortName: z.string(), example: z.string() });
const formatBody = z.object({
  format: safeString().min(1).max(caseNumberFormatMaxLength),
  shortName: safeString().trim().min(1).max(20),
});

const getFormatRoute = createRoute({
  method: 'get',
  path: '/format/{nodeId}',
  tags: ['cases'],
  summary: "A sub-district's case-number format ({year}, {short}, {n:4}) and an example",
  security: bearerSecurity,
  request: { params: nodeParams },
  responses: { 200: { description: 'Format', content: { 'application/json': { schema: formatSchema } } }, 401: errorResponses[401], 404: errorResponses[404] },
});

const putFormatRoute = createRoute({
  method: 'put',
  path: '/format/{nodeId}',
  tags: ['cases'],
  summary: "Sets a sub-district's case-number format; numbers already given stay as they are",
  security: bearerSecurity,
  request: { params: nodeParams, body: { content: { 'application/json': { schema: formatBody } }, required: true } },
  responses: {
    200: { description: 'Format', content: { 'application/json': { schema: formatSchema } } },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

const seriesRoute = createRoute({
  method: 'get',
  path: '/series/{nodeId}/{year}',
  tags: ['cases'],
  summary: 'Every number of a yearly series up to its last, with the case that took it (deleted ones included): how a gap is explained',
  security: bearerSecurity,
  request: { params: nodeParams.extend({ year: z.string().regex(/^\d{4}$/) }) },
  responses: {
    200: {
      description: 'Series',
      content: {
        'application/json': {
          schema: z.object({
            lastValue: z.number(),
            entries: z.array(z.object({ value: z.number(), caseNo: z.string().nullable(), caseId: z.string().nullable(), deleted: z.boolean() })),
          }),
        },
      },
    },
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

/** Mounted at /api/case-numbers. */
export function createCaseNumberRoutes(deps: AppDeps) {
  const router = createRouter();
  router.use('*', requireAuth(deps));
  const subdistrictInScope = async (nodeId: string, scopePath: string) => {
    const node = await findNodeInScope(deps.store.db, nodeId, scopePath);
    if (!node || node.kind !== 'subdistrict') throw notFound('sub-district');
    return node;
  };
  const withExample = (f: { format: string; shortName: string }) => ({
    ...f,
    example: formatCaseNumber(f.format, { year: new Date().getFullYear(), short: f.shortName, n: 42 }),
  });

  router.openapi(getFormatRoute, async (c) => {
    const node = await subdistrictInScope(c.req.valid('param').nodeId, c.var.auth.user.nodePath);
    return c.json(withExample(await caseNumberFormatOf(deps.store.db, deps.store.db, node)), 200);
  });

  router.openapi(putFormatRoute, async (c) => {
    const { user } = c.var.auth;
    if (user.role !== 'subdistrict_staff' && user.role !== 'district_staff' && user.role !== 'admin') throw forbidden('only sub-district staff or above set the case-number format');
    const node = await subdistrictInScope(c.req.valid('param').nodeId, user.nodePath);
    const body = c.req.valid('json');
    const problem = checkCaseNumberFormat(body.format);
    if (problem) throw validationError([{ path: 'format', code: problem, message: problem === 'TOO_LONG' ? 'the format is too long' : 'the format must contain {n} and only {year}, {short}, {n} or {n:4}' }]);
    const now = new Date().toISOString();
    await deps.store.db
      .insertInto('case_number_formats')
      .values({ node_id: node.id, format: body.format, short_name: body.shortName, updated_by: user.id, updated_at: now })
      .onConflict((oc) => oc.column('node_id').doUpdateSet({ format: body.format, short_name: body.shortName, updated_by: user.id, updated_at: now }))
      .execute();
    forgetCaseNumberFormat(deps.store.db, node.id);
    return c.json(withExample({ format: body.format, shortName: body.shortName }), 200);
  });

  router.openapi(seriesRoute, async (c) => {
    const { nodeId, year } = c.req.valid('param');
    const node = await subdistrictInScope(nodeId, c.var.auth.user.nodePath);
    return c.json(await explainSeries(deps.store.db, seriesKeyOf(node.id, `${year}-01-01`)), 200);
  });
  return router;
}
