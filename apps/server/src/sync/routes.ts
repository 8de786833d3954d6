import { createRoute } from '@hono/zod-openapi';
import {
  MAX_PUSH_MUTATIONS,
  MIN_SUPPORTED_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  protocolEnvelopeSchema,
  pullRequestSchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  recordsRequestSchema,
  recordsResponseSchema,
  diffDoc,
  type MutationResult,
  type PushRequest,
  type PushResponse,
} from '@tiaojie/sync';
import type { MiddlewareHandler } from 'hono';
import { requireAuth } from '../auth/index.js';
import { ApiError } from '../http/api-error.js';
import type { AppDeps, AppEnv } from '../http/app-env.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses, errorSchema } from '../http/openapi-schemas.js';
import { applyMutations, type BatchOutcome } from './apply-mutation.js';
import { assertPushDevice } from './device-ids.js';
import { pullChanges, readRecords } from './pull.js';
import { assertNotRewound } from './rewind.js';

const tooOld = { description: 'PROTOCOL_TOO_OLD: the app must be updated before it can sync', content: { 'application/json': { schema: errorSchema } } };

const rewound = {
  description: 'SERVER_REWOUND: the server was restored to an earlier point; pull from cursor 0, then push from the expected id',
  content: { 'application/json': { schema: errorSchema } },
};

const pushRoute = createRoute({
  method: 'post',
  path: '/push',
  tags: ['sync'],
  summary: 'Push a device’s mutations in id order; each gets applied, rejected (with a reason) or conflict',
  description:
    'Each mutation is applied once per (deviceId, id) in its own transaction; a re-sent one returns its stored result. ' +
    'If an id is skipped the response stops there with `gap.expectedId`: resend from that id.',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: pushRequestSchema } } } },
  responses: {
    200: { description: 'One result per processed mutation', content: { 'application/json': { schema: pushResponseSchema } } },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: rewound,
    426: tooOld,
  },
});

const pullRoute = createRoute({
  method: 'post',
  path: '/pull',
  tags: ['sync'],
  summary: 'Changes after a server cursor within my subtree, oldest first, paged',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: pullRequestSchema } } } },
  responses: {
    200: { description: 'Changes and the next cursor', content: { 'application/json': { schema: pullResponseSchema } } },
    400: errorResponses[400],
    401: errorResponses[401],
    409: rewound,
    426: tooOld,
  },
});

const recordsRoute = createRoute({
  method: 'post',
  path: '/records',
  tags: ['sync'],
  summary: 'Current state of records by id (after a lean pull), within my subtree',
  description: 'Each id comes back as an upsert with its current state, or as a remove when it is outside your subtree, deleted or unknown.',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: recordsRequestSchema } } } },
  responses: {
    200: { description: 'One change per distinct id asked for', content: { 'application/json': { schema: recordsResponseSchema } } },
    400: errorResponses[400],
    401: errorResponses[401],
    426: tooOld,
  },
});

/** Runs before body validation, so an old app hears "update" rather than a validation error. */
const requireProtocol: MiddlewareHandler<AppEnv> = async (c, next) => {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'BAD_JSON', 'request body is not JSON');
  }
  // Counted before the schema parses every mutation of an over-long batch (the bytes were limited already).
  const mutations = (body as { mutations?: unknown } | null)?.mutations;
  if (Array.isArray(mutations) && mutations.length > MAX_PUSH_MUTATIONS) {
    throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `at most ${MAX_PUSH_MUTATIONS} mutations per push`);
  }
  const envelope = protocolEnvelopeSchema.safeParse(body);
  const version = envelope.success ? envelope.data.protocolVersion : 0;
  if (version < MIN_SUPPORTED_PROTOCOL_VERSION) {
    throw new ApiError(426, 'PROTOCOL_TOO_OLD', `protocol ${version} is no longer supported (server speaks ${MIN_SUPPORTED_PROTOCOL_VERSION}–${PROTOCOL_VERSION}); update the app`);
  }
  await next();
};

/** Mounted at /api/sync in app.ts. */
export function createSyncRoutes(deps: AppDeps) {
  const router = createRouter();
  router.use('*', requireAuth(deps));
  router.use('*', requireProtocol);

  router.openapi(pushRoute, async (c) => {
    const { deviceId, mutations, historyId, patches } = c.req.valid('json');
    const auth = c.get('auth');
    assertPushDevice(auth, deviceId);
    const started = performance.now();
    const currentHistory = await assertNotRewound(deps.store, { historyId });
    const outcome = await applyMutations(deps, auth, deviceId, mutations);
    summarisePush(deps, c.get('requestId'), deviceId, mutations.length, outcome, performance.now() - started);
    const response: PushResponse = { results: patches ? patchedResults(outcome.results, mutations) : outcome.results, historyId: currentHistory };
    if (outcome.gap) response.gap = { code: 'MUTATION_GAP', expectedId: outcome.gap.expectedId };
    return c.json(response, 200);
  });

  router.openapi(pullRoute, async (c) => {
    const { cursor, limit, lean, historyId } = c.req.valid('json');
    const started = performance.now();
    const currentHistory = await assertNotRewound(deps.store, { historyId, cursor });
    const page = await pullChanges(deps.store, c.get('auth').user, cursor, Math.max(limit, 2), { lean: lean ?? false });
    deps.metrics?.observeSync('pull', (performance.now() - started) / 1000);
    return c.json({ ...page, historyId: currentHistory }, 200);
  });

  router.openapi(recordsRoute, async (c) => {
    const { cases, activities } = c.req.valid('json');
    return c.json(await readRecords(deps.store, c.get('auth').user, { cases, activities }), 200);
  });
  return router;
}

/**
 * A case.create's answer without the fields the phone just sent: its state as a patch of the case in the
 * mutation (mostly the number, status and author the server gave it), instead of the whole document again.
 */
function patchedResults(results: MutationResult[], mutations: PushRequest['mutations']): MutationResult[] {
  const byId = new Map(mutations.map((m) => [m.id, m]));
  return results.map((r) => patchedResult(r, byId.get(r.id)));
}

function patchedResult(result: MutationResult, mutation: PushRequest['mutations'][number] | undefined): MutationResult {
  const doc = result.data?.doc;
  if (!doc || typeof doc !== 'object') return result;
  const sent = mutation?.name === 'case.create' ? (mutation.args as { case?: unknown } | null)?.case : undefined;
  if (!sent || typeof sent !== 'object' || Array.isArray(sent)) return result;
  // (doc: null rather than absent: the record state's schema requires the key)
  return { ...result, data: { ...result.data!, doc: null }, docPatch: diffDoc(sent as Record<string, unknown>, doc as Record<string, unknown>) };
}

/** One log line and the metrics per push batch: device, counts by outcome, duration; never the mutations' content. */
function summarisePush(deps: AppDeps, requestId: string, deviceId: string, sent: number, outcome: BatchOutcome, ms: number): void {
  const counts = { applied: 0, rejected: 0, conflict: 0 };
  for (const r of outcome.results) {
    counts[r.status]++;
    deps.metrics?.countMutation(r.status, r.code);
  }
  deps.metrics?.observeSync('push', ms / 1000);
  deps.logger?.info({ requestId, deviceId, sent, ...counts, gap: outcome.gap?.expectedId, ms: Math.round(ms * 10) / 10 }, 'sync push');
}
