import { pathToIds, type Committee, type Mediator } from '@tiaojie/domain';
import type { Kysely } from 'kysely';
import type { CommitteeRow, Database, MediatorRow } from '../db/index.js';
import { inSubtree } from '../org/index.js';

export interface CommitteeWithMediators extends Committee {
  nodeName: string;
  nodePath: string;
  mediators: Mediator[];
}

const toCommittee = (r: CommitteeRow & { node_name: string; node_path: string }, mediators: Mediator[]): CommitteeWithMediators => ({
  id: r.id,
  nodeId: r.node_id,
  nodeName: r.node_name,
  nodePath: r.node_path,
  name: r.name,
  kind: r.kind as Committee['kind'],
  ...(r.body ? { body: r.body as NonNullable<Committee['body']> } : {}),
  active: r.active === 1,
  mediators,
});

const toMediator = (r: MediatorRow): Mediator => ({ id: r.id, committeeId: r.committee_id, name: r.name, kind: r.kind as Mediator['kind'], active: r.active === 1 });

/**
 * The committees a node works with: those of its subtree and those of its ancestors (a grid worker's case is handled
 * by the community's or the sub-district's committee), with their mediators, in org order then by name.
 */
export async function listCommittees(db: Kysely<Database>, nodePath: string, options: { withAncestors: boolean }): Promise<CommitteeWithMediators[]> {
  const ancestors = options.withAncestors ? pathToIds(nodePath) : [];
  const rows = await db
    .selectFrom('committees as c')
    .innerJoin('org_nodes as n', 'n.id', 'c.node_id')
    .selectAll('c')
    .select(['n.name as node_name', 'n.path as node_path'])
    .where((eb) => eb.or([inSubtree('n.path', nodePath), ...(ancestors.length > 0 ? [eb('n.id', 'in', ancestors)] : [])]))
    .orderBy('n.path')
    .orderBy('c.name')
    .execute();
  if (rows.length === 0) return [];
  const mediators = await db
    .selectFrom('mediators')
    .selectAll()
    .where(
      'committee_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('name')
    .execute();
  const byCommittee = new Map<string, Mediator[]>();
  for (const m of mediators) {
    const list = byCommittee.get(m.committee_id) ?? [];
    list.push(toMediator(m));
    byCommittee.set(m.committee_id, list);
  }
  return rows.map((r) => toCommittee(r, byCommittee.get(r.id) ?? []));
}

export async function findCommitteeInScope(db: Kysely<Database>, id: string, scopePath: string) {
  return db
    .selectFrom('committees as c')
    .innerJoin('org_nodes as n', 'n.id', 'c.node_id')
    .selectAll('c')
    .select('n.path as node_path')
    .where('c.id', '=', id)
    .where(inSubtree('n.path', scopePath))
    .executeTakeFirst();
}

export async function upsertCommittee(db: Kysely<Database>, c: Committee, by: string): Promise<void> {
  const now = new Date().toISOString();
  const values = { node_id: c.nodeId, name: c.name, kind: c.kind, body: c.body ?? null, active: c.active ? 1 : 0, updated_by: by, updated_at: now };
  await db
    .insertInto('committees')
    .values({ id: c.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export async function upsertMediator(db: Kysely<Database>, m: Mediator, by: string): Promise<void> {
  const now = new Date().toISOString();
  const values = { committee_id: m.committeeId, name: m.name, kind: m.kind, active: m.active ? 1 : 0, updated_by: by, updated_at: now };
  await db
    .insertInto('mediators')
    .values({ id: m.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}
