import { createRoute, z } from '@hono/zod-openapi';
import { levelRank, NUL_CHAR, noNul, roleLevel } from '@tiaojie/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { findNodeInScope } from '../org/index.js';
import { ApiError, notFound } from './api-error.js';
import type { createRouter } from './openapi-hook.js';
import { bearerSecurity, errorResponses } from './openapi-schemas.js';

const nodeSchema = z.string().min(1).max(64).refine(noNul, { message: NUL_CHAR }).optional().openapi({ example: 's1', description: 'Org node id; defaults to your own node' });
const looseObject = z.record(z.string(), z.unknown());

/** A setting of time limits each sub-district may adjust (risk grades, intake channels), and how it is kept. */
export interface LimitSetting<L> {
  /** '/risk-limits', '/intake-limits'. */
  path: string;
  tag: string;
  /** What the limits are of, for the API's summaries: 'per risk grade', 'per intake channel'. */
  of: string;
  schema: z.ZodType<L>;
  read(db: Kysely<Database>, nodePath: string): Promise<{ limits: L; subdistrictId: string | null; custom: boolean }>;
  save(db: Kysely<Database>, input: { subdistrictId: string; limits: L; userId: string; now: string }): Promise<void>;
}

/**
 * GET: the limits in force for my area (my sub-district's setting, else the defaults). PUT: a sub-district's staff
 * set their own, administrators any sub-district's. The same rules for every such setting.
 */
export function addLimitSettingRoutes<L>(router: ReturnType<typeof createRouter>, db: Kysely<Database>, setting: LimitSetting<L>): void {
  const readRoute = createRoute({
    method: 'get',
    path: setting.path,
    tags: [setting.tag],
    summary: `The time limits ${setting.of} in force for my area (my sub-district's setting, else the defaults)`,
    security: bearerSecurity,
    responses: {
      200: { description: 'Limits', content: { 'application/json': { schema: z.object({ limits: looseObject, subdistrictId: z.string().nullable(), custom: z.boolean() }) } } },
      401: errorResponses[401],
    },
  });
  const saveRoute = createRoute({
    method: 'put',
    path: setting.path,
    tags: [setting.tag],
    summary: `Set a sub-district's time limits ${setting.of} (sub-district staff for their own, administrators for any)`,
    security: bearerSecurity,
    request: { body: { required: true, content: { 'application/json': { schema: z.object({ limits: looseObject, node: nodeSchema }) } } } },
    responses: {
      200: { description: 'Saved', content: { 'application/json': { schema: z.object({ limits: looseObject }) } } },
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
      404: errorResponses[404],
    },
  });
  router.openapi(readRoute, async (c) => {
    const { limits, subdistrictId, custom } = await setting.read(db, c.var.auth.user.nodePath);
    return c.json({ limits: limits as unknown as Record<string, unknown>, subdistrictId, custom }, 200);
  });
  router.openapi(saveRoute, async (c) => {
    const { user } = c.var.auth;
    const body = c.req.valid('json');
    if (user.role !== 'admin' && levelRank[roleLevel(user.role)] !== levelRank.subdistrict) throw new ApiError(403, 'ROLE_NOT_ALLOWED', 'sub-district staff set their time limits');
    const node = await findNodeInScope(db, body.node ?? user.nodeId, user.nodePath);
    if (!node || node.kind !== 'subdistrict') throw notFound('sub-district');
    const limits = setting.schema.safeParse(body.limits);
    if (!limits.success) throw new ApiError(400, 'VALIDATION_FAILED', `invalid limits: ${limits.error.issues[0]?.path.join('.') ?? ''}`);
    await setting.save(db, { subdistrictId: node.id, limits: limits.data, userId: user.id, now: new Date().toISOString() });
    return c.json({ limits: limits.data as unknown as Record<string, unknown> }, 200);
  });
}
