import { createRoute, z } from '@hono/zod-openapi';
import { committeeSchema, mediatorSchema, safeString, type User } from '@tiaojie/domain';
import { requireAuth } from '../auth/index.js';
import type { AppDeps } from '../http/app-env.js';
import { forbidden, notFound } from '../http/api-error.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { findNodeInScope } from '../org/index.js';
import { findCommitteeInScope, listCommittees, upsertCommittee, upsertMediator } from './committee-store.js';

const idParam = safeString().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const committeeOut = committeeSchema.extend({ nodeName: z.string(), nodePath: z.string(), mediators: z.array(mediatorSchema) });
const committeeBody = committeeSchema.omit({ id: true });
const mediatorBody = mediatorSchema.omit({ id: true, committeeId: true });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['committees'],
  summary: "The mediation committees of my subtree and of my node's ancestors (a phone picks the handling one from these)",
  security: bearerSecurity,
  responses: { 200: { description: 'Committees', content: { 'application/json': { schema: z.object({ committees: z.array(committeeOut) }) } } }, 401: errorResponses[401] },
});

const putCommitteeRoute = createRoute({
  method: 'put',
  path: '/{id}',
  tags: ['committees'],
  summary: 'Creates or changes a mediation committee at a node of my subtree (admin only)',
  security: bearerSecurity,
  request: { params: z.object({ id: idParam }), body: { required: true, content: { 'application/json': { schema: committeeBody } } } },
  responses: { 204: { description: 'Saved' }, 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
});

const putMediatorRoute = createRoute({
  method: 'put',
  path: '/{id}/mediators/{mediatorId}',
  tags: ['committees'],
  summary: 'Creates or changes a mediator (专职 / 兼职) of a committee of my subtree (admin only)',
  security: bearerSecurity,
  request: { params: z.object({ id: idParam, mediatorId: idParam }), body: { required: true, content: { 'application/json': { schema: mediatorBody } } } },
  responses: { 204: { description: 'Saved' }, 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
});

function requireAdmin(user: User) {
  if (user.role !== 'admin') throw forbidden('only an administrator keeps the mediation committees');
}

/** Mounted at /api/committees. */
export function createCommitteeRoutes(deps: AppDeps) {
  const router = createRouter();
  const db = deps.store.db;
  router.use('*', requireAuth(deps));

  router.openapi(listRoute, async (c) => c.json({ committees: await listCommittees(db, c.var.auth.user.nodePath, { withAncestors: true }) }, 200));

  router.openapi(putCommitteeRoute, async (c) => {
    const { user } = c.var.auth;
    requireAdmin(user);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (!(await findNodeInScope(db, body.nodeId, user.nodePath))) throw notFound('node');
    // An existing committee may only be changed (or moved) by an administrator whose subtree holds it.
    const exists = await db.selectFrom('committees').select('id').where('id', '=', id).executeTakeFirst();
    if (exists && !(await findCommitteeInScope(db, id, user.nodePath))) throw notFound('committee');
    await upsertCommittee(db, { ...body, id }, user.id);
    return c.body(null, 204);
  });

  router.openapi(putMediatorRoute, async (c) => {
    const { user } = c.var.auth;
    requireAdmin(user);
    const { id, mediatorId } = c.req.valid('param');
    if (!(await findCommitteeInScope(db, id, user.nodePath))) throw notFound('committee');
    const existing = await db.selectFrom('mediators').select('committee_id').where('id', '=', mediatorId).executeTakeFirst();
    if (existing && existing.committee_id !== id && !(await findCommitteeInScope(db, existing.committee_id, user.nodePath))) throw notFound('mediator');
    await upsertMediator(db, { ...c.req.valid('json'), id: mediatorId, committeeId: id }, user.id);
    return c.body(null, 204);
  });
  return router;
}
