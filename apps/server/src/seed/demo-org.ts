import { randomUUID } from 'node:crypto';
import type { NodeKind, Role } from '@tiaojie/domain';
import type { Store } from '../db/index.js';
import { hashPassword } from '../auth/index.js';
import { insertNode } from '../org/index.js';

export const DEMO_PASSWORD = 'tiaojie-demo';

interface DemoNode {
  id: string;
  parentId: string | null;
  kind: NodeKind;
  name: string;
}

const communities = [
  { id: 'c1', name: '东湖社区', grids: ['g01', 'g02', 'g03'] },
  { id: 'c2', name: '西苑社区', grids: ['g04', 'g05', 'g06', 'g07'] },
  { id: 'c3', name: '南岭村', grids: ['g08', 'g09', 'g10'] },
];

export const demoNodes: DemoNode[] = [
  { id: 'd1', parentId: null, kind: 'district', name: '示范区' },
  { id: 's1', parentId: 'd1', kind: 'subdistrict', name: '清河街道' },
  ...communities.flatMap((c) => [
    { id: c.id, parentId: 's1', kind: 'community' as const, name: c.name },
    ...c.grids.map((g) => ({ id: g, parentId: c.id, kind: 'grid' as const, name: `${c.name}第${Number(g.slice(1))}网格` })),
  ]),
];

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  nodeId: string;
}

export const demoAccounts: DemoAccount[] = [
  ...communities.flatMap((c) =>
    c.grids.map((g) => ({ username: `grid${g.slice(1)}`, displayName: `网格员${g.slice(1)}`, role: 'grid_worker' as const, nodeId: g })),
  ),
  ...communities.map((c, i) => ({
    username: `community0${i + 1}`,
    displayName: `${c.name}调委会`,
    role: 'community_staff' as const,
    nodeId: c.id,
  })),
  { username: 'street', displayName: '清河街道司法所', role: 'subdistrict_staff', nodeId: 's1' },
  { username: 'district', displayName: '示范区司法局', role: 'district_staff', nodeId: 'd1' },
  { username: 'admin', displayName: '系统管理员', role: 'admin', nodeId: 'd1' },
];

/** The accounts printed at start and listed in the README. */
export const headlineAccounts = ['grid01', 'community01', 'street', 'admin'];

let demoHash: Promise<string> | undefined;

/** Creates the demo district and its accounts. Returns false when the database already has users. */
export async function seedDemoOrg(store: Store): Promise<boolean> {
  const { db } = store;
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  // All demo accounts share the published demo password, so one hash serves them all.
  demoHash ??= hashPassword(DEMO_PASSWORD);
  const passwordHash = await demoHash;
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const [i, node] of demoNodes.entries()) await insertNode(trx, { ...node, sortOrder: i });
    for (const account of demoAccounts) {
      await trx
        .insertInto('users')
        .values({
          id: randomUUID(),
          username: account.username,
          display_name: account.displayName,
          password_hash: passwordHash,
          role: account.role,
          node_id: account.nodeId,
          disabled: 0,
          created_at: now,
        })
        .execute();
    }
  });
  return true;
}
