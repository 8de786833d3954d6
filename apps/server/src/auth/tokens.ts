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
  input: { userId: string; deviceId: string; deviceName: string; ttlDays: number; kind?: TokenKind; ttlMinutes?: number; now?: Date },
): Promise<IssuedToken> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const tokenId = randomUUID();
  const ttlMs = input.ttlMinutes !== undefined ? input.ttlMinutes * 60_000 : input.ttlDays * 86_400_000;
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('tokens')
      .set({ revoked_at: now.toISOString(), revoked_reason: 'replaced' })
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
        kind: input.kind ?? 'session',
        revoked_reason: null,
      })
      .execute();
  });
  return { token, tokenId, expiresAt };
}

/** 'password_change': issued instead of a session when an administrator requires a new password; allows only that. */
export type TokenKind = 'session' | 'password_change';

/** Why a token was revoked: the first three mean "sign in again", the last two "this device must erase its data". */
export type RevokeReason = 'replaced' | 'logout' | 'password' | 'revoked' | 'disabled';
const wipingReasons: ReadonlySet<string> = new Set<RevokeReason>(['revoked', 'disabled']);

export interface ResolvedToken {
  user: User;
  tokenId: string;
  deviceId: string;
  lastUsedAt: string;
  kind: TokenKind;
}

/** Why a token is refused: DEVICE_REVOKED tells the device to erase what it holds; SESSION_IDLE that a staff session idled out. */
export type TokenRefusal = 'UNAUTHENTICATED' | 'DEVICE_REVOKED' | 'SESSION_IDLE';

export interface TokenPolicy {
  /** Staff tokens (every role but the grid worker's phone) unused this long are refused. */
  staffIdleMinutes: number;
}

export async function checkToken(
  db: Kysely<Database>,
  token: string,
  policy: TokenPolicy,
  now = new Date(),
): Promise<{ ok: true; token: ResolvedToken } | { ok: false; code: TokenRefusal }> {
  const row = await tokenRow(db, token);
  if (!row) return { ok: false, code: 'UNAUTHENTICATED' };
  if (row.disabled) return { ok: false, code: 'DEVICE_REVOKED' };
  if (row.revoked_at !== null) return { ok: false, code: row.revoked_reason !== null && wipingReasons.has(row.revoked_reason) ? 'DEVICE_REVOKED' : 'UNAUTHENTICATED' };
  if (row.expires_at <= now.toISOString()) return { ok: false, code: 'UNAUTHENTICATED' };
  if (row.role !== 'grid_worker' && row.kind === 'session' && now.getTime() - Date.parse(row.last_used_at) > policy.staffIdleMinutes * 60_000) {
    return { ok: false, code: 'SESSION_IDLE' };
  }
  const user = userSchema.parse({
    id: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    nodeId: row.node_id,
    nodePath: row.path,
    nodeName: row.node_name,
  });
  return { ok: true, token: { user, tokenId: row.token_id, deviceId: row.device_id, lastUsedAt: row.last_used_at, kind: row.kind as TokenKind } };
}

/** A live token, whatever its idle time (a sign-in presenting it proves the device was signed in before). */
export async function resolveToken(db: Kysely<Database>, token: string, now = new Date()): Promise<ResolvedToken | null> {
  const checked = await checkToken(db, token, { staffIdleMinutes: Number.POSITIVE_INFINITY }, now);
  return checked.ok ? checked.token : null;
}

function tokenRow(db: Kysely<Database>, token: string) {
  return db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .innerJoin('org_nodes', 'org_nodes.id', 'users.node_id')
    .select([
      'tokens.id as token_id',
      'tokens.device_id',
      'tokens.expires_at',
      'tokens.revoked_at',
      'tokens.last_used_at',
      'tokens.kind',
      'tokens.revoked_reason',
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
}

/** Records use at most once a minute, so authenticated reads do not turn into writes. */
export async function touchToken(db: Kysely<Database>, tokenId: string, lastUsedAt: string, now = new Date()) {
  if (now.getTime() - Date.parse(lastUsedAt) < 60_000) return;
  await db.updateTable('tokens').set({ last_used_at: now.toISOString() }).where('id', '=', tokenId).execute();
}

export async function revokeToken(db: Kysely<Database>, tokenId: string, userId: string, reason: RevokeReason, now = new Date()) {
  const result = await db
    .updateTable('tokens')
    .set({ revoked_at: now.toISOString(), revoked_reason: reason })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes every live token of a user (but `exceptTokenId`), saying why. */
export async function revokeUserTokens(db: Kysely<Database>, userId: string, reason: RevokeReason, exceptTokenId?: string, now = new Date()) {
  let q = db.updateTable('tokens').set({ revoked_at: now.toISOString(), revoked_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptTokenId !== undefined) q = q.where('id', '!=', exceptTokenId);
  await q.execute();
}
