import type { Committee, Mediator } from '@tiaojie/domain';
import type { Store } from '../db/index.js';
import { upsertCommittee, upsertMediator } from '../committees/committee-store.js';

/**
 * The demo district's people's mediation committees: one per community or village, the sub-district's, and its
 * road-traffic committee (交调委). Without them the statistics tables counted every demo case under
 * 未指明调解委员会 and listed no organisations.
 */
export const demoCommittees: Committee[] = [
  { id: 'cm-c1', nodeId: 'c1', name: '东湖社区人民调解委员会', kind: 'residential', active: true },
  { id: 'cm-c2', nodeId: 'c2', name: '西苑社区人民调解委员会', kind: 'residential', active: true },
  { id: 'cm-c3', nodeId: 'c3', name: '南岭村人民调解委员会', kind: 'village', active: true },
  { id: 'cm-s1', nodeId: 's1', name: '清河街道人民调解委员会', kind: 'subdistrict', active: true },
  { id: 'cm-s1-traffic', nodeId: 's1', name: '清河街道道路交通事故纠纷人民调解委员会', kind: 'specialised', body: 'traffic', active: true },
];

const mediators: Mediator[] = demoCommittees.flatMap((c, i) => [
  { id: `${c.id}-m1`, committeeId: c.id, name: ['周建华', '吴秀兰', '郑国强', '王志刚', '冯立新'][i]!, kind: 'full_time', active: true },
  { id: `${c.id}-m2`, committeeId: c.id, name: ['陈晓燕', '林海', '黄玉梅', '刘德胜', '孙丽'][i]!, kind: 'part_time', active: true },
  { id: `${c.id}-m3`, committeeId: c.id, name: ['赵明', '钱芳', '李春生', '何静', '马永'][i]!, kind: 'part_time', active: true },
]);

/** The committee a demo case names: traffic cases the 交调委, cases settled at the sub-district its committee, else the community's. */
export function demoCommitteeFor(story: { gridId: string; type: string; outcome?: { resolvedLevel: string } | undefined }, communityOf: (gridId: string) => string): string {
  if (story.type === 'traffic') return 'cm-s1-traffic';
  if (story.outcome?.resolvedLevel === 'subdistrict' || story.outcome?.resolvedLevel === 'district') return 'cm-s1';
  return `cm-${communityOf(story.gridId)}`;
}

export async function seedDemoCommittees(store: Store): Promise<void> {
  for (const c of demoCommittees) await upsertCommittee(store.db, c, 'demo-seed');
  for (const m of mediators) await upsertMediator(store.db, m, 'demo-seed');
}
