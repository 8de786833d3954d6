import { useEffect, useState } from 'react';
import { orgNodeSchema, roleNodeKind, type OrgNode, type User } from '@tiaojie/domain';
import { z } from 'zod';
import { apiFetch } from '../api/http.ts';

/**
 * The nodes of my subtree (grids to file a case under, levels to escalate to). Fetched when online and kept
 * per user in localStorage, so the capture form still offers the right grids after days offline.
 */
const nodesSchema = z.array(orgNodeSchema);
/** The server's answer: my subtree, and the nodes above mine (for their names: where an escalated case went). */
const answerSchema = z.object({ nodes: nodesSchema, ancestors: nodesSchema.default([]) });
const key = (userId: string) => `tiaojie.orgNodes.${userId}`;
const ancestorsKey = (userId: string) => `tiaojie.orgAncestors.${userId}`;

function readCached(storageKey: string): OrgNode[] {
  try {
    const parsed = nodesSchema.safeParse(JSON.parse(localStorage.getItem(storageKey) ?? 'null'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function cachedOrgNodes(userId: string): OrgNode[] {
  return readCached(key(userId));
}

/** The nodes above the user's own, as last fetched (empty before the first fetch). */
export function cachedAncestorNodes(userId: string): OrgNode[] {
  return readCached(ancestorsKey(userId));
}

export async function refreshOrgNodes(userId: string): Promise<OrgNode[]> {
  const { nodes, ancestors } = answerSchema.parse(await apiFetch('/api/org/nodes'));
  localStorage.setItem(key(userId), JSON.stringify(nodes));
  localStorage.setItem(ancestorsKey(userId), JSON.stringify(ancestors));
  return nodes;
}

export function forgetOrgNodes(userId: string): void {
  localStorage.removeItem(key(userId));
  localStorage.removeItem(ancestorsKey(userId));
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
