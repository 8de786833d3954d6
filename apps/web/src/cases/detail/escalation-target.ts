import { levelRank, type Level } from '@tiaojie/domain';

/** Levels above the current handling level a case may go to, nearest first. */
export function levelsAbove(current: Level): Level[] {
  return (['community', 'subdistrict', 'district'] as const).filter((l) => levelRank[l] > levelRank[current]);
}
