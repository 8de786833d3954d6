import { useEffect, useState } from 'react';
import { orgNodeSchema, roleNodeKind, type OrgNode, type User } from '@tiaojie/domain';
import { z } from 'zod';
import { apiFetch } from '../api/http.ts';

/**
 * The nodes of my subtree (grids to file a case under, levels to escalate to). Fetched when online and kept
 * per user in localStorage, so the capture form still offers the right grids after days offline.
 */
const nodesSchema = z.array(orgNodeSchema);
const key = (userId: string) => `tiaojie.orgNodes.${userId}`;

export function cachedOrgNodes(userId: string): OrgNode[] {
  try {
    const parsed = nodesSchema.safeParse(JSON.parse(localStorage.getItem(key(userId)) ?? 'null'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export async function refreshOrgNodes(userId: string): Promise<OrgNode[]> {
  const nodes = nodesSchema.parse(await apiFetch('/api/org/nodes'));
  localStorage.setItem(key(userId), JSON.stringify(nodes));
  return nodes;
}

export function forgetOrgNodes(userId: string): void {
  localStorage.removeItem(key(userId));
}

/** The user's own node is always known from the session, even before the first fetch. */
export function useOrgNodes(user: User): OrgNode[] {
  const [nodes, setNodes] = useState<OrgNode[]>(() => cachedOrgNodes(user.id));
  useEffect(() => {
    let alive = true;
    refreshOrgNodes(user.id).then(
      (fresh) => alive && setNodes(fresh),
      () => undefined, // offline: the cached list stands
    );
    return () => {
      alive = false;
    };
  }, [user.id]);
  if (nodes.some((n) => n.id === user.nodeId)) return nodes;
  const own: OrgNode = {
    id: user.nodeId,
    parentId: null,
    kind: roleNodeKind[user.role],
    name: user.nodeName ?? user.nodeId,
    path: user.nodePath,
  };
  return [own, ...nodes];
}

export function gridsOf(nodes: readonly OrgNode[]): OrgNode[] {
  return nodes.filter((n) => n.kind === 'grid').sort((a, b) => a.path.localeCompare(b.path));
}
