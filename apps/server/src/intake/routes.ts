import { createRoute, z } from '@hono/zod-openapi';
import {
  INTAKE_EXPORT_MAX_ROWS,
  intakeChannels,
  intakeLimitsSchema,
  isIsoDate,
  isStaffRole,
  NUL_CHAR,
  noNul,
  type IntakeChannel,
  type User,
} from '@tiaojie/domain';
import { recordAudit } from '../audit/index.js';
import { requireAuth } from '../auth/index.js';
import { ApiError, notFound } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import { addLimitSettingRoutes } from '../http/limit-setting-routes.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { findNodeInScope } from '../org/index.js';
import { CSV_TYPE } from '../reports/export-csv.js';
import { XLSX_TYPE } from '../reports/export-xlsx.js';
import { intakeCsv, intakeXlsx } from './intake-export.js';
import { intakeLimitsFor, listIntake, saveIntakeLimits } from './intake-store.js';

const nodeSchema = z.string().min(1).max(64).refine(noNul, { message: NUL_CHAR }).optional();
const dateSchema = z.string().refine(isIsoDate, { message: 'DATE_FORMAT' }).optional().openapi({ example: '2026-12-01', description: 'Received on or after / on or before (Asia/Shanghai day)' });
const looseObject = z.record(z.string(), z.unknown());
/** '12345' names the hotline's channel as staff say it. */
const channelSchema = z
  .string()
  .max(20)
  .transform((v) => (v === '12345' ? 'hotline_12345' : v))
  .pipe(z.enum(intakeChannels.codes))
  .openapi({ example: 'hotline_12345', description: 'hotline_12345 (or 12345), court (诉前委派), police (公安移交)' });

const listRoute = createRoute({
  method: 'get',
  path: '/intake',
  tags: ['intake'],
  summary: "A channel's cases within my subtree with status, result and time limits; format=csv|xlsx exports the list for answering back",
  description: 'No party data in any form. An export is recorded in the audit trail and holds at most 20,000 rows (EXPORT_TOO_LARGE).',
  security: bearerSecurity,
  request: {
    query: z.object({
      channel: channelSchema,
      from: dateSchema,
      to: dateSchema,
      unit: nodeSchema.openapi({ description: 'Cases that came from this unit (a grid, community … of my subtree)' }),
      format: z.enum(['json', 'csv', 'xlsx']).default('json'),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: {
      description: 'A page of rows and the exact count, or the whole list as a file',
      content: {
        'application/json': { schema: z.object({ items: z.array(looseObject), total: z.number() }) },
        [CSV_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

function assertStaff(user: User): void {
  if (!isStaffRole(user.role)) throw new ApiError(403, 'ROLE_NOT_ALLOWED', 'channel lists are for staff');
}

function attachment(name: string, ext: string): string {
  return `attachment; filename="intake.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Mounted at /api. */
export function createIntakeRoutes(deps: AppDeps) {
  const router = createRouter();
  const db = deps.store.db;
  router.use('/intake', requireAuth(deps));
  router.use('/intake-limits', requireAuth(deps));

  router.openapi(listRoute, async (c) => {
    const { user, deviceId } = c.var.auth;
    assertStaff(user);
    const q = c.req.valid('query');
    const channel = q.channel as IntakeChannel;
    let unitName = '';
    if (q.unit) {
      const unit = await findNodeInScope(db, q.unit, user.nodePath);
      if (!unit) throw notFound('unit');
      unitName = unit.name;
    }
    const query = { channel, from: q.from, to: q.to, unitId: q.unit };
    const now = new Date();
    if (q.format === 'json') return c.json(await listIntake(db, user.nodePath, { ...query, offset: q.offset, limit: q.limit }, now), 200);
    // The whole list, refused before it is built when too long.
    const { total } = await listIntake(db, user.nodePath, { ...query, offset: 0, limit: 1 }, now);
    if (total > INTAKE_EXPORT_MAX_ROWS) throw new ApiError(400, 'EXPORT_TOO_LARGE', `${total} rows; at most ${INTAKE_EXPORT_MAX_ROWS} per export`);
    const { items } = await listIntake(db, user.nodePath, { ...query, offset: 0, limit: INTAKE_EXPORT_MAX_ROWS }, now);
    await recordAudit(db, {
      action: 'report.export',
      actor: user,
      deviceId,
      scopePath: user.nodePath,
      target: q.unit ?? user.nodeId,
      details: { report: 'intake', channel, format: q.format, from: q.from ?? null, to: q.to ?? null, rows: items.length },
    });
    const period = q.from || q.to ? `${q.from ?? ''}至${q.to ?? ''}` : '全部';
    const name = `${unitName || user.nodeName || ''}${intakeChannels.label(channel)}办理情况（${period}）`;
    if (q.format === 'csv') {
      return c.body(intakeCsv(channel, items), 200, { 'Content-Type': CSV_TYPE, 'Content-Disposition': attachment(`${name}.csv`, 'csv'), 'Cache-Control': 'no-store' });
    }
    const buf = await intakeXlsx(channel, items, `单位：${unitName || user.nodeName || ''}    接收时间：${period}    导出时间：${now.toISOString().slice(0, 10)}`);
    return c.body(new Uint8Array(buf), 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment(`${name}.xlsx`, 'xlsx'), 'Cache-Control': 'no-store' });
  });

  addLimitSettingRoutes(router, db, { path: '/intake-limits', tag: 'intake', of: 'per intake channel', schema: intakeLimitsSchema, read: intakeLimitsFor, save: saveIntakeLimits });
  return router;
}
