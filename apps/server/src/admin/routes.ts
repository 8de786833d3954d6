import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { NUL_CHAR, adminUserSchema, deviceSessionSchema, nodeKindSchema, noNul, roleMayBeAt, roleNodeKind, roleSchema, newUsernameSchema, type User } from '@tiaojie/domain';
import { assertPasswordPolicy, hashPassword, requireAuth, revokeToken, revokeUserTokens } from '../auth/index.js';
import { ApiError, forbidden, notFound } from '../http/api-error.js';
import type { AppDeps } from '../http/app-env.js';
import { recordAudit } from '../audit/index.js';
import { createRouter } from '../http/openapi-hook.js';
import { bearerSecurity, errorResponses } from '../http/openapi-schemas.js';
import { findNodeInScope, inSubtree, insertNode } from '../org/index.js';

const newUserBody = z.object({
  username: newUsernameSchema,
  displayName: z.string().trim().min(1).max(50),
  password: z.string().min(10).max(200),
  role: roleSchema,
  nodeId: z.string(),
});

const updateUserBody = z
  .object({
    displayName: z.string().trim().min(1).max(50).optional(),
    password: z.string().min(10).max(200).optional(),
    disabled: z.boolean().optional(),
    /** The user must choose a new password at their next sign-in. */
    mustChangePassword: z.boolean().optional(),
  })
  // An update with nothing to set would be an UPDATE without SET: say so instead of failing in SQL.
  .refine((b) => b.displayName !== undefined || b.password !== undefined || b.disabled !== undefined || b.mustChangePassword !== undefined, { message: 'REQUIRED' });

const newNodeBody = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  parentId: z.string(),
  kind: nodeKindSchema,
  name: z.string().trim().min(1).max(100),
});

const childKind = { district: 'subdistrict', subdistrict: 'community', community: 'grid', grid: null } as const;

const listUsersRoute = createRoute({
  method: 'get',
  path: '/users',
  tags: ['admin'],
  summary: 'Accounts in my subtree (admin only)',
  security: bearerSecurity,
  responses: {
    200: { description: 'Users', content: { 'application/json': { schema: z.object({ users: z.array(adminUserSchema) }) } } },
    401: errorResponses[401],
    403: errorResponses[403],
  },
});

const createUserRoute = createRoute({
  method: 'post',
  path: '/users',
  tags: ['admin'],
  summary: 'Create an account attached to an org node of my subtree (admin only); it must change its password at the first sign-in',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: newUserBody } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: adminUserSchema } } },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

const updateUserRoute = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['admin'],
  summary: 'Rename, reset the password of (to be changed at the next sign-in; its sign-ins end), or disable an account (disabling revokes its tokens)',
  security: bearerSecurity,
  request: { params: z.object({ id: z.string().max(64).refine(noNul, { message: NUL_CHAR }) }), body: { required: true, content: { 'application/json': { schema: updateUserBody } } } },
  responses: {
    204: { description: 'Updated' },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

const idParam = z.string().min(1).max(64).refine(noNul, { message: NUL_CHAR });

const userSessionsRoute = createRoute({
  method: 'get',
  path: '/users/{id}/sessions',
  tags: ['admin'],
  summary: 'The devices signed in to an account (name, last seen)',
  security: bearerSecurity,
  request: { params: z.object({ id: idParam }) },
  responses: {
    200: {
      description: 'Live sessions, most recently used first',
      content: {
        'application/json': {
          schema: z.object({ sessions: z.array(deviceSessionSchema.omit({ current: true })) }),
        },
      },
    },
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

const revokeUserSessionRoute = createRoute({
  method: 'delete',
  path: '/users/{id}/sessions/{sessionId}',
  tags: ['admin'],
  summary: 'Revoke one device of an account: on its next contact it is told DEVICE_REVOKED and erases its local data',
  security: bearerSecurity,
  request: { params: z.object({ id: idParam, sessionId: idParam }) },
  responses: { 204: { description: 'Revoked' }, 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
});

const createNodeRoute = createRoute({
  method: 'post',
  path: '/nodes',
  tags: ['admin'],
  summary: 'Add a sub-district, community or grid under a node of my subtree (admin only)',
  security: bearerSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: newNodeBody } } } },
  responses: {
    201: { description: 'Created' },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

function requireAdmin(user: User) {
  if (user.role !== 'admin') throw forbidden('only an administrator may manage accounts and the org tree');
}

/** Mounted at /api/admin. */
export function createAdminRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const router = createRouter();
  router.use('*', requireAuth(deps));

  router.openapi(listUsersRoute, async (c) => {
    requireAdmin(c.var.auth.user);
    const rows = await db
      .selectFrom('users')
      .innerJoin('org_nodes', 'org_nodes.id', 'users.node_id')
      .select(['users.id', 'username', 'display_name', 'role', 'node_id', 'disabled', 'must_change_password', 'org_nodes.path', 'org_nodes.name'])
      .where(inSubtree('org_nodes.path', c.var.auth.user.nodePath))
      .orderBy('org_nodes.path')
      .orderBy('username')
      .execute();
    const users = rows.map((r) =>
      adminUserSchema.parse({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        role: r.role,
        nodeId: r.node_id,
        nodePath: r.path,
        nodeName: r.name,
        disabled: r.disabled === 1,
        mustChangePassword: r.must_change_password === 1,
      }),
    );
    return c.json({ users }, 200);
  });

  router.openapi(createUserRoute, async (c) => {
    requireAdmin(c.var.auth.user);
    const body = c.req.valid('json');
    const node = await findNodeInScope(db, body.nodeId, c.var.auth.user.nodePath);
    if (!node) throw notFound('org node');
    // Every field problem at once, so the form can show them all (the password policy answers WEAK_PASSWORD after).
    const issues: { path: string; code: string; message: string }[] = [];
    if (!roleMayBeAt(body.role, node.kind)) issues.push({ path: 'nodeId', code: 'ROLE_NODE_KIND', message: `a ${body.role} belongs to a ${roleNodeKind[body.role]} node, not a ${node.kind}` });
    const taken = await db.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirst();
    if (taken) issues.push({ path: 'username', code: 'TAKEN', message: 'username already taken' });
    if (issues.length > 0) throw new ApiError(400, 'VALIDATION_FAILED', issues.map((i) => i.message).join('; '), issues);
    assertPasswordPolicy(body.password, body.username, 'password');
    const id = randomUUID();
    await db
      .insertInto('users')
      .values({
        id,
        username: body.username,
        display_name: body.displayName,
        password_hash: await hashPassword(body.password),
        role: body.role,
        node_id: node.id,
        disabled: 0,
        // The initial password was typed (and maybe written down) by the administrator: the user replaces it at
        // their first sign-in, the login answering a change-only token until then.
        must_change_password: 1,
        created_at: new Date().toISOString(),
      })
      .execute();
    const user = { id, username: body.username, displayName: body.displayName, role: body.role, nodeId: node.id, nodePath: node.path, nodeName: node.name, disabled: false, mustChangePassword: true };
    await recordAudit(db, {
      action: 'admin.userCreated',
      actor: c.var.auth.user,
      deviceId: c.var.auth.deviceId,
      scopePath: node.path,
      target: id,
      details: { username: body.username, role: body.role, nodeId: node.id },
    });
    return c.json(user, 201);
  });

  router.openapi(updateUserRoute, async (c) => {
    requireAdmin(c.var.auth.user);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const target = await db
      .selectFrom('users')
      .innerJoin('org_nodes', 'org_nodes.id', 'users.node_id')
      .select(['users.id', 'users.username', 'org_nodes.path'])
      .where('users.id', '=', id)
      .where(inSubtree('org_nodes.path', c.var.auth.user.nodePath))
      .executeTakeFirst();
    if (!target) throw notFound('user');
    // Disabling oneself would lock the district out of its only administration (and end this very session).
    if (body.disabled && id === c.var.auth.user.id) throw forbidden('an administrator cannot disable their own account');
    // An administrator's own password is changed with the old one (/api/auth/password), not reset past it.
    if (body.password && id === c.var.auth.user.id) throw forbidden('an administrator changes their own password with the current one, not by a reset');
    if (body.password) assertPasswordPolicy(body.password, target.username, 'password');
    const passwordHash = body.password ? await hashPassword(body.password) : undefined;
    const now = new Date().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({
          ...(body.displayName ? { display_name: body.displayName } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled ? 1 : 0 } : {}),
          ...(body.mustChangePassword !== undefined ? { must_change_password: body.mustChangePassword ? 1 : 0 } : {}),
          // A reset password is one the administrator knows: the user must replace it at the next sign-in, whatever
          // else the body says.
          ...(passwordHash ? { password_hash: passwordHash, must_change_password: 1 } : {}),
        })
        .where('id', '=', id)
        .execute();
      // A disabled account ends every sign-in and its devices erase what they hold; a new password (or a required
      // change) ends them too, but the devices only sign in again.
      if (body.disabled) await revokeUserTokens(trx, id, 'disabled', undefined, new Date(now));
      else if (passwordHash || body.mustChangePassword) await revokeUserTokens(trx, id, 'password', undefined, new Date(now));
      // Which fields changed, never the new password. (A detail whose key names a password is dropped as a secret:
      // the required change goes as changeRequired.)
      const changed = [
        body.displayName ? 'displayName' : '',
        passwordHash ? 'passwordReset' : '',
        body.disabled !== undefined ? 'disabled' : '',
        body.mustChangePassword !== undefined ? 'mustChangePassword' : '',
      ].filter(Boolean);
      await recordAudit(trx, {
        action: 'admin.userChanged',
        actor: c.var.auth.user,
        deviceId: c.var.auth.deviceId,
        scopePath: target.path,
        target: id,
        details: { username: target.username, fields: changed, disabled: body.disabled, changeRequired: passwordHash ? true : body.mustChangePassword },
      });
    });
    return c.body(null, 204);
  });

  /** The account, when it lies in the administrator's subtree. */
  const userInScope = (id: string, adminPath: string) =>
    db
      .selectFrom('users')
      .innerJoin('org_nodes', 'org_nodes.id', 'users.node_id')
      .select(['users.id', 'users.username', 'org_nodes.path'])
      .where('users.id', '=', id)
      .where(inSubtree('org_nodes.path', adminPath))
      .executeTakeFirst();

  router.openapi(userSessionsRoute, async (c) => {
    requireAdmin(c.var.auth.user);
    const target = await userInScope(c.req.valid('param').id, c.var.auth.user.nodePath);
    if (!target) throw notFound('user');
    const rows = await db
      .selectFrom('tokens')
      .selectAll()
      .where('user_id', '=', target.id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date().toISOString())
      .orderBy('last_used_at', 'desc')
      .execute();
    const sessions = rows.map((r) => ({ id: r.id, deviceId: r.device_id, deviceName: r.device_name, createdAt: r.created_at, lastUsedAt: r.last_used_at, expiresAt: r.expires_at }));
    return c.json({ sessions }, 200);
  });

  router.openapi(revokeUserSessionRoute, async (c) => {
    requireAdmin(c.var.auth.user);
    const { id, sessionId } = c.req.valid('param');
    const target = await userInScope(id, c.var.auth.user.nodePath);
    if (!target) throw notFound('user');
    // The device's name makes the audit row readable (which phone), where the token id alone says nothing.
    const device = await db.selectFrom('tokens').select(['device_id', 'device_name']).where('id', '=', sessionId).where('user_id', '=', target.id).executeTakeFirst();
    if (!(await revokeToken(db, sessionId, target.id, 'revoked'))) throw notFound('session');
    await recordAudit(db, {
      action: 'auth.sessionRevoked',
      actor: c.var.auth.user,
      deviceId: c.var.auth.deviceId,
      scopePath: target.path,
      target: sessionId,
      details: { username: target.username, device: device?.device_name, revokedDeviceId: device?.device_id, byAdmin: true },
    });
    return c.body(null, 204);
  });

  router.openapi(createNodeRoute, async (c) => {
    requireAdmin(c.var.auth.user);
    const body = c.req.valid('json');
    const parent = await findNodeInScope(db, body.parentId, c.var.auth.user.nodePath);
    if (!parent) throw notFound('parent node');
    if (childKind[parent.kind] !== body.kind) {
      throw new ApiError(400, 'VALIDATION_FAILED', `a ${parent.kind} cannot contain a ${body.kind}`, [
        { path: 'kind', code: 'NODE_KIND', message: `expected ${childKind[parent.kind] ?? 'nothing'}` },
      ]);
    }
    const exists = await db.selectFrom('org_nodes').select('id').where('id', '=', body.id).executeTakeFirst();
    if (exists) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'node id already used', [{ path: 'id', code: 'TAKEN', message: 'node id already used' }]);
    }
    const node = await insertNode(db, { id: body.id, parentId: parent.id, kind: body.kind, name: body.name });
    await recordAudit(db, {
      action: 'admin.nodeCreated',
      actor: c.var.auth.user,
      deviceId: c.var.auth.deviceId,
      scopePath: node.path,
      target: node.id,
      details: { kind: body.kind, name: body.name, parentId: parent.id },
    });
    return c.json(node, 201);
  });

  return router;
}
