import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { userSchema, type User } from '@tiaojie/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssuedToken {
  token: string;
  tokenId: string;
  expiresAt: string;
}

/**
 * Opaque bearer token, stored only as its SHA-256. One live token per (user, device): logging in again on
 * the same device revokes the previous one.
 */
export async function issueToken(
  db: Kysely<Database>,
  input: { userId: string; deviceId: string; deviceName: string; ttlDays: number; now?: Date },
): Promise<IssuedToken> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const tokenId = randomUUID();
  const expiresAt = new Date(now.getTime() + input.ttlDays * 86_400_000).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tokens')
      .set({ revoked_at: now.toISOString() })
      .where('user_id', '=', input.userId)
      .where('device_id', '=', input.deviceId)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .insertInto('tokens')
      .values({
        id: tokenId,
        token_hash: hashToken(token),
        user_id: input.userId,
        device_id: input.deviceId,
        device_name: input.deviceName,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        last_used_at: now.toISOString(),
        revoked_at: null,
      })
      .execute();
  });
  return { token, tokenId, expiresAt };
}

export interface ResolvedToken {
  user: User;
  tokenId: string;
  deviceId: string;
  lastUsedAt: string;
}

export async function resolveToken(db: Kysely<Database>, token: string, now = new Date()): Promise<ResolvedToken | null> {
  const row = await db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .innerJoin('org_nodes', 'org_nodes.id', 'users.node_id')
    .select([
      'tokens.id as token_id',
      'tokens.device_id',
      'tokens.expires_at',
      'tokens.revoked_at',
      'tokens.last_used_at',
      'users.id as user_id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.node_id',
      'users.disabled',
      'org_nodes.path',
      'org_nodes.name as node_name',
    ])
    .where('tokens.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.disabled || row.expires_at <= now.toISOString()) return null;
  const user = userSchema.parse({
    id: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    nodeId: row.node_id,
    nodePath: row.path,
    nodeName: row.node_name,
  });
  return { user, tokenId: row.token_id, deviceId: row.device_id, lastUsedAt: row.last_used_at };
}

/** Records use at most once a minute, so authenticated reads do not turn into writes. */
export async function touchToken(db: Kysely<Database>, tokenId: string, lastUsedAt: string, now = new Date()) {
  if (now.getTime() - Date.parse(lastUsedAt) < 60_000) return;
  await db.updateTable('tokens').set({ last_used_at: now.toISOString() }).where('id', '=', tokenId).execute();
}

export async function revokeToken(db: Kysely<Database>, tokenId: string, userId: string, now = new Date()) {
  const result = await db
    .updateTable('tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
