import { orgNodeSchema, pathToIds, type NodeKind, type OrgNode } from '@tiaojie/domain';
import type { Kysely } from 'kysely';
import type { Database, OrgNodeRow } from '../db/index.js';
import { inSubtree } from './scope.js';

function rowToNode(row: OrgNodeRow): OrgNode {
  return orgNodeSchema.parse({ id: row.id, parentId: row.parent_id, kind: row.kind, name: row.name, path: row.path });
}

export async function findNode(db: Kysely<Database>, id: string): Promise<OrgNode | null> {
  const row = await db.selectFrom('org_nodes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToNode(row) : null;
}

/** A node only if it lies inside `scopePath`: callers turn null into a 404. */
export async function findNodeInScope(db: Kysely<Database>, id: string, scopePath: string): Promise<OrgNode | null> {
  const row = await db
    .selectFrom('org_nodes')
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree('path', scopePath))
    .executeTakeFirst();
  return row ? rowToNode(row) : null;
}

export async function listSubtree(db: Kysely<Database>, rootPath: string): Promise<OrgNode[]> {
  const rows = await db
    .selectFrom('org_nodes')
    .selectAll()
    .where(inSubtree('path', rootPath))
    .orderBy('path')
    .execute();
  return rows.map(rowToNode);
}

/** The ancestors of a node (root first, the node itself last), each with its kind. */
export async function listAncestors(db: Kysely<Database>, node: OrgNode): Promise<OrgNode[]> {
  const ids = pathToIds(node.path);
  const rows = await db.selectFrom('org_nodes').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, rowToNode(r)]));
  return ids.map((id) => byId.get(id)).filter((n): n is OrgNode => n !== undefined);
}

export async function ancestorOfKind(db: Kysely<Database>, node: OrgNode, kind: NodeKind): Promise<OrgNode | null> {
  return (await listAncestors(db, node)).find((n) => n.kind === kind) ?? null;
}

export async function insertNode(
  db: Kysely<Database>,
  input: { id: string; parentId: string | null; kind: NodeKind; name: string; sortOrder?: number },
): Promise<OrgNode> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(input.id)) throw new Error(`invalid node id ${input.id}`);
  let path = `/${input.id}/`;
  if (input.parentId) {
    const parent = await findNode(db, input.parentId);
    if (!parent) throw new Error(`parent ${input.parentId} not found`);
    path = `${parent.path}${input.id}/`;
  }
  await db
    .insertInto('org_nodes')
    .values({ id: input.id, parent_id: input.parentId, kind: input.kind, name: input.name, path, sort_order: input.sortOrder ?? 0 })
    .execute();
  return { id: input.id, parentId: input.parentId, kind: input.kind, name: input.name, path };
}
