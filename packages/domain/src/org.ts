import { z } from 'zod';
import { levelRank, nodeKinds, roles, type Level, type NodeKind, type Role } from './codes.js';
import { safeString } from './limits.js';

export const nodeKindSchema = z.enum(nodeKinds.codes);
export const roleSchema = z.enum(roles.codes);

/**
 * An org node. `path` lists the ids from the root, each followed by '/', e.g. '/d1/s1/c2/g05/'.
 * A subtree is every node whose path starts with the root node's path.
 */
export const orgNodeSchema = z.object({
  id: safeString().min(1).max(64),
  parentId: z.string().nullable(),
  kind: nodeKindSchema,
  name: safeString().min(1).max(100),
  path: z.string().min(3),
});
export type OrgNode = z.infer<typeof orgNodeSchema>;

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  nodeId: z.string(),
  nodePath: z.string(),
  nodeName: z.string().optional(),
});
export type User = z.infer<typeof userSchema>;

/** The node kind each role is attached to; admin sits at the root (district). */
export const roleNodeKind: Record<Role, NodeKind> = {
  grid_worker: 'grid',
  community_staff: 'community',
  subdistrict_staff: 'subdistrict',
  district_staff: 'district',
  admin: 'district',
};

/**
 * Where an account of a role may be attached: at the node kind of its role; an administrator anywhere (a
 * sub-district's own administrator sits at the sub-district and manages only below it). The server refuses
 * anything else (ROLE_NODE_KIND) and the accounts screen offers only these nodes.
 */
export function roleMayBeAt(role: Role, kind: NodeKind): boolean {
  return role === 'admin' || roleNodeKind[role] === kind;
}

export const nodeKindLevel: Record<NodeKind, Level> = {
  grid: 'grid',
  community: 'community',
  subdistrict: 'subdistrict',
  district: 'district',
};

export function isStaffRole(role: Role): boolean {
  return role !== 'grid_worker';
}

export function isInSubtree(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

/** The ancestor ids of a path, root first, the node itself last. */
export function pathToIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

export function childPath(parentPath: string, id: string): string {
  return `${parentPath}${id}/`;
}

/** The highest level a role may handle cases at (a grid worker escalates to community, etc.). */
export function roleLevel(role: Role): Level {
  return nodeKindLevel[roleNodeKind[role]];
}

export function isAboveLevel(a: Level, b: Level): boolean {
  return levelRank[a] > levelRank[b];
}
