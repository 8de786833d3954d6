import { userSchema, type User } from '@tiaojie/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';

export async function findUserByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<{ user: User; passwordHash: string; disabled: boolean; mustChangePassword: boolean } | null> {
  const row = await db
    .selectFrom('users')
    .innerJoin('org_nodes', 'org_nodes.id', 'users.node_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.node_id',
      'users.password_hash',
      'users.disabled',
      'users.must_change_password',
      'org_nodes.path',
      'org_nodes.name',
    ])
    .where('users.username', '=', username.toLowerCase())
    .executeTakeFirst();
  if (!row) return null;
  const user = userSchema.parse({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    nodeId: row.node_id,
    nodePath: row.path,
    nodeName: row.name,
  });
  return { user, passwordHash: row.password_hash, disabled: row.disabled === 1, mustChangePassword: row.must_change_password === 1 };
}
