import { committeeSchema, mediatorSchema, type Committee, type Mediator } from '@tiaojie/domain';
import { z } from 'zod';
import { apiFetch } from '../api/http.ts';

export const committeeViewSchema = committeeSchema.extend({ nodeName: z.string(), nodePath: z.string(), mediators: z.array(mediatorSchema) });
export type CommitteeView = z.infer<typeof committeeViewSchema>;

/** The committees of my subtree and of my node's ancestors (a grid worker's case is handled by one of these). */
export async function fetchCommittees(): Promise<CommitteeView[]> {
  return z.object({ committees: z.array(committeeViewSchema) }).parse(await apiFetch('/api/committees')).committees;
}

export async function saveCommittee(c: Committee): Promise<void> {
  const { id, ...body } = c;
  await apiFetch(`/api/committees/${encodeURIComponent(id)}`, { method: 'PUT', json: body });
}

export async function saveMediator(m: Mediator): Promise<void> {
  const { id, committeeId, ...body } = m;
  await apiFetch(`/api/committees/${encodeURIComponent(committeeId)}/mediators/${encodeURIComponent(id)}`, { method: 'PUT', json: body });
}
