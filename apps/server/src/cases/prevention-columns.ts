import type { Prevention } from '@tiaojie/domain';

export interface PreventionColumns {
  prev_disputes: number;
  prev_suicide: number;
  prev_suicide_people: number;
  prev_criminal: number;
  prev_criminal_people: number;
  prev_petition: number;
  prev_petition_people: number;
  prev_fight: number;
  prev_fight_people: number;
}

/**
 * The prevention columns of a case or activity. A case recorded with only the older flags (防止民转刑, 防止群体性上访)
 * counts them as one case each with the people involved, so figures do not drop when the flags give way.
 */
export function preventionColumns(p: Prevention | undefined, legacy?: { criminal: boolean; petition: boolean; people: number }): PreventionColumns {
  const criminal = p?.criminal ?? (legacy?.criminal ? { cases: 1, people: legacy.people } : undefined);
  const petition = p?.petition ?? (legacy?.petition ? { cases: 1, people: legacy.people } : undefined);
  return {
    prev_disputes: p?.disputes ?? 0,
    prev_suicide: p?.suicide?.cases ?? 0,
    prev_suicide_people: p?.suicide?.people ?? 0,
    prev_criminal: criminal?.cases ?? 0,
    prev_criminal_people: criminal?.people ?? 0,
    prev_petition: petition?.cases ?? 0,
    prev_petition_people: petition?.people ?? 0,
    prev_fight: p?.fight?.cases ?? 0,
    prev_fight_people: p?.fight?.people ?? 0,
  };
}

export const noPrevention: PreventionColumns = preventionColumns(undefined);
