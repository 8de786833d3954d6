import { randomUUID } from 'node:crypto';
import type { Store } from '../db/index.js';
import { hashPassword } from '../auth/index.js';
import { insertNode } from '../org/index.js';

export interface BootstrapInput {
  districtId: string;
  districtName: string;
  username: string;
  password: string;
}

/** Creates the root district node and its first administrator on an empty production database. */
export async function bootstrapAdmin(store: Store, input: BootstrapInput): Promise<void> {
  if (input.password.length < 10) throw new Error('the password needs at least 10 characters');
  const existing = await store.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) throw new Error('the database already has accounts; add more through /api/admin/users');
  const passwordHash = await hashPassword(input.password);
  await store.db.transaction().execute(async (trx) => {
    await insertNode(trx, { id: input.districtId, parentId: null, kind: 'district', name: input.districtName });
    await trx
      .insertInto('users')
      .values({
        id: randomUUID(),
        username: input.username.toLowerCase(),
        display_name: '系统管理员',
        password_hash: passwordHash,
        role: 'admin',
        node_id: input.districtId,
        disabled: 0,
        created_at: new Date().toISOString(),
      })
      .execute();
  });
}
