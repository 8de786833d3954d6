import type { Prevention } from '@tiaojie/domain';
import type { CaseFact } from '@tiaojie/report';
import type { StoredCaseFact } from './case-rows.js';

/** The demo org's grids and their communities (see seed/demo-org.ts). */
export const demoGridCommunity: Record<string, string> = {
  g01: 'c1', g02: 'c1', g03: 'c1',
  g04: 'c2', g05: 'c2', g06: 'c2', g07: 'c2',
  g08: 'c3', g09: 'c3', g10: 'c3',
};

/** Places a case fact in the demo org: `child` names its grid. */
export function inDemoGrid(c: CaseFact, createdBy = 'unknown-user'): StoredCaseFact {
  const gridId = c.child;
  const { child: _child, prevention, ...rest } = c;
  return {
    ...rest,
    ...(prevention ? { prevention: preventionRecord(prevention) } : {}),
    gridId,
    communityId: demoGridCommunity[gridId]!,
    subdistrictId: 's1',
    districtId: 'd1',
    createdBy,
  };
}

/** A case fact's prevention counts as the record the phone writes (an outcome with no case is absent). */
function preventionRecord(p: NonNullable<CaseFact['prevention']>): Prevention {
  const outcome = (cases: number, people: number) => (cases > 0 ? { cases, people } : undefined);
  const kinds = { suicide: outcome(p.suicide, p.suicidePeople), criminal: outcome(p.criminal, p.criminalPeople), petition: outcome(p.petition, p.petitionPeople), fight: outcome(p.fight, p.fightPeople) };
  return { disputes: p.disputes, ...Object.fromEntries(Object.entries(kinds).filter(([, v]) => v)) };
}
