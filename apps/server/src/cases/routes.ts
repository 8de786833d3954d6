import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { caseActions, caseFileCompletenessValues, caseSearchRowSchema, caseStatusSchema, disputeTypeSchema, toShanghaiDate, type DisputeCase, type User, NUL_CHAR, noNul } from '@tiaojie/domain';
import { requireAuth } from '../auth/index.js';
import { ApiError, notFound } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses, errorSchema } from '../http/openapi-schemas.js';
import { applyMutationOrThrow } from '../sync/index.js';
import { findCaseInScope, listCases } from './case-queries.js';
import { caseSearchSorts, searchCases } from './case-search.js';
import { discloseCase, storablePersonal } from './party-disclosure.js';
import { recordAudit } from '../audit/index.js';
import { findNodeInScope } from '../org/index.js';
import { createRevealLimiter, REVEAL_WINDOW_MS, REVEALS_PER_WINDOW } from './reveal-limit.js';

// Documents are validated by the domain's caseSchema on the way in and out; the OpenAPI doc describes them loosely.
const caseDocSchema = z.record(z.string(), z.unknown()).openapi('Case', { description: 'A case document (domain caseSchema)' });
const writeResultSchema = z.object({ case: caseDocSchema, seq: z.number().optional(), status: z.enum(['applied', 'conflict']), conflicts: z.array(z.string()).optional() });
const idParams = z.object({ id: z.string().min(1).max(64).refine(noNul, { message: NUL_CHAR }) });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['cases'],
  summary: 'Cases handled within my subtree, newest accepted first',
  security: bearerSecurity,
  request: {
    query: z.object({
      status: caseStatusSchema.optional(),
      type: disputeTypeSchema.optional(),
      gridId: z.string().max(64).refine(noNul, { message: NUL_CHAR }).optional(),
      acceptedFrom: z.string().max(32).refine(noNul, { message: NUL_CHAR }).optional(),
      acceptedTo: z.string().max(32).refine(noNul, { message: NUL_CHAR }).optional(),
      number: z.string().trim().min(1).max(40).refine(noNul, { message: NUL_CHAR }).optional().openapi({ description: 'Any part of the final, provisional or imported case number' }),
      completeness: z
        .enum(caseFileCompletenessValues)
        .optional()
        .openapi({ description: 'complete: every required document of the case file is ready; incomplete: some is missing' }),
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
  },
  responses: {
    200: { description: 'A page of cases', content: { 'application/json': { schema: z.object({ items: z.array(caseDocSchema), total: z.number() }) } } },
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const searchRowSchema = caseSearchRowSchema;
const nodeIdQuery = z.string().max(64).refine(noNul, { message: NUL_CHAR }).optional();

const searchRoute = createRoute({
  method: 'get',
  path: '/search',
  tags: ['cases'],
  summary: 'Staff list and search over my whole subtree: filters, paging, sorting, exact count',
  description:
    'One page of rows (no ID number or phone in any form). `q` matches any part of a case number, or a party’s whole name ' +
    '(compared by keyed hash on the server, never stored in the clear). `overdue`: open past the one-month mediation deadline.',
  security: bearerSecurity,
  request: {
    query: z.object({
      status: z.union([caseStatusSchema, z.literal('open')]).optional(),
      type: disputeTypeSchema.optional(),
      unitId: nodeIdQuery.openapi({ description: 'Cases handled anywhere in this unit’s subtree (its communities and grids too)' }),
      gridId: nodeIdQuery.openapi({ description: 'Cases filed under this grid (wherever they are handled now)' }),
      overdue: z.enum(['true', 'false']).optional(),
      q: z.string().trim().min(1).max(40).refine(noNul, { message: NUL_CHAR }).optional(),
      sort: z
        .enum(caseSearchSorts)
        .default('acceptedOn')
        .openapi({ description: 'unit: by handling unit in org order (a community, then each of its grids), newest accepted first within a unit' }),
      dir: z.enum(['asc', 'desc']).default('desc'),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: { description: 'A page of rows and the exact count', content: { 'application/json': { schema: z.object({ items: z.array(searchRowSchema), total: z.number() }) } } },
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['cases'],
  summary: 'One case (404 outside my subtree)',
  security: bearerSecurity,
  request: { params: idParams },
  responses: {
    200: { description: 'The case', content: { 'application/json': { schema: caseDocSchema } } },
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

const writeResponses = {
  200: { description: 'Applied (or applied with conflicts recorded)', content: { 'application/json': { schema: writeResultSchema } } },
  400: errorResponses[400],
  401: errorResponses[401],
  403: errorResponses[403],
  404: errorResponses[404],
  409: { description: 'ILLEGAL_TRANSITION', content: errorResponses[400].content },
};

const createCaseRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['cases'],
  summary: 'Open a case (same rules as a synced case.create)',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ case: z.record(z.string(), z.unknown()) }) } } } },
  responses: writeResponses,
});

const editCaseRoute = createRoute({
  method: 'post',
  path: '/{id}/edit',
  tags: ['cases'],
  summary: 'Change fields: `changes` by path, `base` the seq of each path you saw (see the sync protocol)',
  security: bearerSecurity,
  request: {
    params: idParams,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ changes: z.record(z.string(), z.unknown()), base: z.record(z.string(), z.number()).default({}) }) } },
    },
  },
  responses: writeResponses,
});

const actionRoute = createRoute({
  method: 'post',
  path: '/{id}/actions/{action}',
  tags: ['cases'],
  summary: 'A lifecycle action (startMediation, escalate, conclude, reopen, archive, delete)',
  security: bearerSecurity,
  request: {
    params: idParams.extend({ action: z.enum(caseActions) }),
    body: { required: false, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
  },
  responses: writeResponses,
});

const resolveRoute = createRoute({
  method: 'post',
  path: '/{id}/conflicts/{conflictId}/resolve',
  tags: ['cases'],
  summary: 'Keep a value for a conflicted field',
  security: bearerSecurity,
  request: {
    params: idParams.extend({ conflictId: z.string().min(1).max(64).refine(noNul, { message: NUL_CHAR }) }),
    body: { required: true, content: { 'application/json': { schema: z.object({ value: z.unknown() }) } } },
  },
  responses: writeResponses,
});

const revealRoute = createRoute({
  method: 'post',
  path: '/{id}/parties/{partyId}/reveal',
  tags: ['cases'],
  summary: 'The full ID number and phone of one party, for the current view only; needs a reason, audited, rate-limited',
  description:
    'Lists, case reads and pulls give masked ID numbers and phones. This answers the whole values of one party of a case in your ' +
    `subtree. Each call is recorded (who, which case and party, the reason — never the values); at most ${REVEALS_PER_WINDOW} per ` +
    `${REVEAL_WINDOW_MS / 60_000} minutes per account (429 TOO_MANY_ATTEMPTS, Retry-After). Do not keep the answer beyond the view.`,
  security: bearerSecurity,
  request: {
    params: idParams.extend({ partyId: z.string().min(1).max(64).refine(noNul, { message: NUL_CHAR }) }),
    body: { required: true, content: { 'application/json': { schema: z.object({ reason: z.string().trim().min(2).max(200).refine(noNul, { message: NUL_CHAR }) }) } } },
  },
  responses: {
    200: {
      description: 'The party’s personal data, whole',
      content: { 'application/json': { schema: z.object({ caseId: z.string(), partyId: z.string(), personal: z.record(z.string(), z.unknown()) }) } },
    },
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    429: { description: 'Too many reveals (TOO_MANY_ATTEMPTS); see Retry-After', content: { 'application/json': { schema: errorSchema } } },
  },
});

/** Mounted at /api/cases in app.ts. Writes are thin wrappers over the sync mutation applier. */
export function createCasesRoutes(deps: AppDeps) {
  const router = createRouter();
  router.use('*', requireAuth(deps));

  const written = async (id: string, viewer: User, r: { seq?: number | undefined; status: string; conflicts?: string[] | undefined }) => {
    // An escalation may move the case out of the caller's subtree: then only its id comes back.
    const c = await findCaseInScope(deps.store, id, viewer.nodePath);
    const disclose = (x: DisputeCase) => discloseCase(x, viewer, deps.store.personal.hashKey);
    return {
      case: c ? (disclose(c) as unknown as Record<string, unknown>) : { id, outOfScope: true },
      status: r.status === 'conflict' ? ('conflict' as const) : ('applied' as const),
      ...(r.seq !== undefined ? { seq: r.seq } : {}),
      ...(r.conflicts ? { conflicts: r.conflicts } : {}),
    };
  };

  router.openapi(listRoute, async (c) => {
    const viewer = c.get('auth').user;
    const page = await listCases(deps.store, viewer.nodePath, c.req.valid('query'));
    const items = page.items.map((x) => discloseCase(x, viewer, deps.store.personal.hashKey));
    return c.json({ items: items as unknown as Record<string, unknown>[], total: page.total }, 200);
  });

  // Before '/{id}', which would take 'search' for an id.
  router.openapi(searchRoute, async (c) => {
    const viewer = c.get('auth').user;
    const { overdue, unitId, ...query } = c.req.valid('query');
    // A unit outside the caller's subtree (or unknown) is the same as one with no cases: nothing is disclosed.
    const unitNode = unitId === undefined ? undefined : await findNodeInScope(deps.store.db, unitId, viewer.nodePath);
    if (unitNode === null) return c.json({ items: [], total: 0 }, 200);
    const unit = unitNode && { path: unitNode.path, small: unitNode.kind === 'grid' || unitNode.kind === 'community' };
    const page = await searchCases(deps.store, viewer.nodePath, { ...query, unit, overdue: overdue === 'true', today: toShanghaiDate(new Date()) });
    return c.json(page, 200);
  });

  router.openapi(getRoute, async (c) => {
    const viewer = c.get('auth').user;
    const found = await findCaseInScope(deps.store, c.req.valid('param').id, viewer.nodePath);
    if (!found) throw notFound('case');
    return c.json(discloseCase(found, viewer, deps.store.personal.hashKey) as unknown as Record<string, unknown>, 200);
  });

  router.openapi(createCaseRoute, async (c) => {
    const auth = c.get('auth');
    const body = c.req.valid('json');
    const id = typeof body.case.id === 'string' ? body.case.id : randomUUID();
    const r = await applyMutationOrThrow(deps, auth, 'case.create', { case: { ...body.case, id } });
    return c.json(await written(id, auth.user, r), 200);
  });

  router.openapi(editCaseRoute, async (c) => {
    const auth = c.get('auth');
    const { id } = c.req.valid('param');
    const r = await applyMutationOrThrow(deps, auth, 'case.edit', { caseId: id, ...c.req.valid('json') });
    return c.json(await written(id, auth.user, r), 200);
  });

  router.openapi(actionRoute, async (c) => {
    const auth = c.get('auth');
    const { id, action } = c.req.valid('param');
    const payload: Record<string, unknown> = { ...(await c.req.json().catch(() => ({}))) };
    if (action === 'escalate') {
      payload.escalationId ??= randomUUID();
      payload.date ??= toShanghaiDate(new Date());
    }
    if (action === 'conclude' && payload.outcome && typeof payload.outcome === 'object') {
      (payload.outcome as Record<string, unknown>).concludedOn ??= toShanghaiDate(new Date());
    }
    const r = await applyMutationOrThrow(deps, auth, 'case.transition', { caseId: id, action, payload });
    if (action === 'delete') return c.json({ case: { id, deleted: true }, status: 'applied' as const, ...(r.seq ? { seq: r.seq } : {}) }, 200);
    return c.json(await written(id, auth.user, r), 200);
  });

  router.openapi(resolveRoute, async (c) => {
    const auth = c.get('auth');
    const { id, conflictId } = c.req.valid('param');
    const r = await applyMutationOrThrow(deps, auth, 'case.resolveConflict', { caseId: id, conflictId, value: c.req.valid('json').value });
    return c.json(await written(id, auth.user, r), 200);
  });
  const revealLimiter = createRevealLimiter(deps.store.db);
  router.openapi(revealRoute, async (c) => {
    const auth = c.get('auth');
    const { id, partyId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const found = await findCaseInScope(deps.store, id, auth.user.nodePath);
    const party = found?.parties[partyId];
    if (!found || !party) throw notFound('party');
    const slot = await revealLimiter.take(auth.user.id);
    if (!slot.allowed) {
      c.header('Retry-After', String(slot.retryAfterSeconds));
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', `too many reveals; retry in ${slot.retryAfterSeconds} s`);
    }
    const personal = storablePersonal(party.personal) as Record<string, unknown>;
    // Recorded before the answer leaves: a reveal that cannot be audited is not made.
    await recordAudit(deps.store.db, {
      action: 'personal.reveal',
      actor: { id: auth.user.id, username: auth.user.username, nodePath: auth.user.nodePath },
      deviceId: auth.deviceId,
      caseId: id,
      partyId,
      reason,
      details: { fields: ['idNumber', 'phone', 'creditCode'].filter((k) => typeof personal[k] === 'string') },
    });
    return c.json({ caseId: id, partyId, personal }, 200);
  });
  return router;
}

export type { DisputeCase };
