import { z } from 'zod';
import { committeeViewSchema, fetchCommittees, type CommitteeView } from './committees-api.ts';

/**
 * The phone picks a case's committee offline: the list fetched when last online is kept per user (a small reference
 * list, like the last-used choices), parsed with the shared schema when read back.
 */
const key = (userId: string) => `tiaojie.committees.${userId}`;

export function readKnownCommittees(userId: string): CommitteeView[] {
  try {
    const raw = localStorage.getItem(key(userId));
    if (!raw) return [];
    const parsed = z.array(committeeViewSchema).safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Refreshes the kept list when the server answers; offline, the kept one stays. */
export async function refreshKnownCommittees(userId: string): Promise<CommitteeView[]> {
  try {
    const list = await fetchCommittees();
    localStorage.setItem(key(userId), JSON.stringify(list));
    return list;
  } catch {
    return readKnownCommittees(userId);
  }
}

/** The committees a case of `gridPath` may name: active ones at the grid or above it (community, sub-district …). */
export function committeesForGrid(all: readonly CommitteeView[], gridPath: string | undefined): CommitteeView[] {
  return all.filter((c) => c.active && (!gridPath || gridPath.startsWith(c.nodePath)));
}
