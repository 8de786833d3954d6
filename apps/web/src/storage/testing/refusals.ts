import { expect } from 'vitest';

/**
 * Every change the server did not apply needs attention on the phone, unless the worker saved its case again: the
 * refused change then went again as a later mutation of the same kind (its own answer counts) and the old mark was
 * cleared (refused changes are kept and re-sent, case-writes.ts). `answered` is the server's mutations row per id.
 */
export function expectRefusalsMarkedOrResent(answered: { mutation_id: number | string; status: string; name: string }[], attention: number[]): void {
  const refused = answered.filter((m) => m.status !== 'applied').map((m) => ({ id: Number(m.mutation_id), name: m.name }));
  expect(attention.filter((id) => !refused.some((m) => m.id === id)), 'marked but applied').toEqual([]);
  for (const m of refused.filter((r) => !attention.includes(r.id))) {
    expect(answered.some((later) => Number(later.mutation_id) > m.id && later.name === m.name), `refusal ${m.id} neither marked nor re-sent`).toBe(true);
  }
}
