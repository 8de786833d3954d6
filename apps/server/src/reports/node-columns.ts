import type { NodeKind } from '@tiaojie/domain';

/**
 * Cases carry the ids of every org level they came from. A report filters on the column of the node's own
 * level (an equality on an indexed column, not a path range) and breaks down by the column one level down.
 */
export const idColumnOf: Record<NodeKind, 'district_id' | 'subdistrict_id' | 'community_id' | 'grid_id'> = {
  district: 'district_id',
  subdistrict: 'subdistrict_id',
  community: 'community_id',
  grid: 'grid_id',
};

export const childColumnOf: Record<NodeKind, 'subdistrict_id' | 'community_id' | 'grid_id'> = {
  district: 'subdistrict_id',
  subdistrict: 'community_id',
  community: 'grid_id',
  grid: 'grid_id',
};
