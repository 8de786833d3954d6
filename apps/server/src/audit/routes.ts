import { createRoute, z } from '@hono/zod-openapi';
import { auditActions, auditPageSchema, levelRank, NUL_CHAR, noNul, roleLevel, type User } from '@tiaojie/domain';
import { requireAuth } from '../auth/index.js';
import { findCaseInScope } from '../cases/case-queries.js';
import { forbidden, notFound } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { auditCsv } from './audit-csv.js';
import { listAuditEvents, type AuditFilter } from './audit-queries.js';
import { recordAudit } from './record-audit.js';

const text = (max: number) => z.string().min(1).max(max).refine(noNul, { message: NUL_CHAR });
const instant = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'DATE_FORMAT')
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00+08:00` : s)), 'DATE_FORMAT');

const filterQuery = z.object({
  actor: text(64).optional(),
  caseId: text(64).optional(),
  action: z.enum(auditActions).optional(),
  /** A date (Asia/Shanghai, from its start) or an ISO instant. */
  from: instant.optional(),
  /** A date (Asia/Shanghai, to its end) or an ISO instant. */
  to: instant.optional(),
});

export const AUDIT_PAGE_MAX = 200;
export const AUDIT_CSV_MAX = 10_000;

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['audit'],
  summary: 'Audit events, newest first: administrators see all, sub-district and district staff their subtree; a case’s events for whoever sees the case',
  security: bearerSecurity,
  request: {
    query: filterQuery.extend({
      before: z.coerce.number().int().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
    }),
  },
  responses: {
    200: { description: 'A page of events', content: { 'application/json': { schema: auditPageSchema } } },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

const csvRoute = createRoute({
  method: 'get',
  path: '/export.csv',
  tags: ['audit'],
  summary: `The filtered audit events as CSV (newest ${AUDIT_CSV_MAX} at most)`,
  security: bearerSecurity,
  request: { query: filterQuery },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

const startOf = (s: string) => (s.length === 10 ? new Date(`${s}T00:00:00+08:00`) : new Date(s)).toISOString();
const endOf = (s: string) => (s.length === 10 ? new Date(`${s}T23:59:59.999+08:00`) : new Date(s)).toISOString();

/** Administrators and staff from the sub-district up read the trail of their subtree. */
const readsTrail = (u: User) => u.role === 'admin' || levelRank[roleLevel(u.role)] >= levelRank.subdistrict;

/** Mounted at /api/audit. */
export function createAuditRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const router = createRouter();
  router.use('*', requireAuth(deps));

  /** The filter a viewer may run: a case's own history for whoever sees the case, else the trail of their subtree. */
  async function scopedFilter(viewer: User, q: z.infer<typeof filterQuery>, limit: number): Promise<AuditFilter> {
    const base = { actor: q.actor, caseId: q.caseId, action: q.action, from: q.from && startOf(q.from), to: q.to && endOf(q.to), limit };
    if (q.caseId !== undefined && !readsTrail(viewer)) {
      if (!(await findCaseInScope(deps.store, q.caseId, viewer.nodePath))) throw notFound('case');
      return base;
    }
    if (!readsTrail(viewer)) throw forbidden('only administrators and sub-district staff read the audit trail');
    return { ...base, scopePath: viewer.role === 'admin' ? undefined : viewer.nodePath };
  }

  router.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const filter = await scopedFilter(c.var.auth.user, q, q.limit + 1);
    const rows = await listAuditEvents(db, { ...filter, before: q.before });
    const events = rows.slice(0, q.limit);
    return c.json({ events, nextBefore: rows.length > q.limit ? events[events.length - 1]!.seq : null }, 200);
  });

  router.openapi(csvRoute, async (c) => {
    const q = c.req.valid('query');
    const auth = c.var.auth;
    const events = await listAuditEvents(db, await scopedFilter(auth.user, q, AUDIT_CSV_MAX));
    await recordAudit(db, { action: 'report.export', actor: auth.user, deviceId: auth.deviceId, details: { report: 'audit', format: 'csv', rows: events.length } });
    return c.body(auditCsv(events), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit.csv"; filename*=UTF-8''${encodeURIComponent('审计记录.csv')}`,
      'Cache-Control': 'no-store',
    });
  });

  return router;
}
