import type { StatsCaseFact } from '@tiaojie/report';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { StoredCaseFact } from './case-rows.js';
import { demoGridCommunity } from './test-fixtures.js';

const grids = Object.keys(demoGridCommunity);

/** A statistics fact stored in the demo org (grid by its index), with the columns the annual report reads too. */
export function storedStatsCase(c: StatsCaseFact, i: number, createdBy = 'unknown-user'): StoredCaseFact {
  const gridId = grids[i % grids.length]!;
  const p = c.prevention;
  const outcome = (n: number, people: number) => (n > 0 ? { cases: n, people } : undefined);
  return {
    id: c.id,
    type: c.type,
    source: c.source,
    risk: 'general',
    isGroup: c.isGroup,
    peopleInvolved: c.peopleInvolved,
    acceptedOn: c.acceptedOn,
    concludedOn: c.concludedOn,
    outcome: c.outcome,
    resolvedLevel: c.outcome ? 'grid' : null,
    body: c.outcome ? 'grid_worker' : null,
    agreementForm: c.agreementForm,
    agreementAmount: c.agreementAmount,
    courtConfirmation: c.courtConfirmation,
    followUpCount: 0,
    preventedCriminal: false,
    preventedPetition: false,
    gridId,
    communityId: demoGridCommunity[gridId]!,
    subdistrictId: 's1',
    districtId: 'd1',
    createdBy,
    committeeId: c.committeeId,
    partyCount: c.partyCount,
    performance: c.performance,
    prevention: {
      disputes: p.disputes,
      ...(outcome(p.suicide, p.suicidePeople) ? { suicide: outcome(p.suicide, p.suicidePeople)! } : {}),
      ...(outcome(p.criminal, p.criminalPeople) ? { criminal: outcome(p.criminal, p.criminalPeople)! } : {}),
      ...(outcome(p.petition, p.petitionPeople) ? { petition: outcome(p.petition, p.petitionPeople)! } : {}),
      ...(outcome(p.fight, p.fightPeople) ? { fight: outcome(p.fight, p.fightPeople)! } : {}),
    },
  };
}

/** A screening round of a grid, inserted as the sync applier stores it. */
export async function insertScreeningRound(db: Kysely<Database>, id: string, gridId: string, date: string, prevention: Partial<Record<'prev_disputes' | 'prev_fight' | 'prev_fight_people', number>> = {}) {
  const communityId = demoGridCommunity[gridId]!;
  await db
    .insertInto('activities')
    .values({
      id,
      seq: 1,
      version: 1,
      doc: JSON.stringify({ id, kind: 'screening', date, nodeId: gridId, title: '排查' }),
      field_versions: '{}',
      deleted: 0,
      node_id: gridId,
      scope_path: `/d1/s1/${communityId}/${gridId}/`,
      kind: 'screening',
      date,
      participants: 0,
      disputes_found: 0,
      prev_disputes: 0,
      prev_suicide: 0,
      prev_suicide_people: 0,
      prev_criminal: 0,
      prev_criminal_people: 0,
      prev_petition: 0,
      prev_petition_people: 0,
      prev_fight: 0,
      prev_fight_people: 0,
      ...prevention,
      created_by: 'unknown-user',
      created_at: `${date}T08:00:00.000Z`,
      updated_at: `${date}T08:00:00.000Z`,
    })
    .execute();
}

/** The demo committees: one per community of s1, the sub-district's, and a traffic committee with two mediators. */
export async function insertDemoCommittees(db: Kysely<Database>) {
  const at = '2025-01-01T00:00:00.000Z';
  const committee = (id: string, node_id: string, name: string, kind: string, body: string | null = null) => ({ id, node_id, name, kind, body, active: 1, updated_by: 'admin', updated_at: at });
  await db
    .insertInto('committees')
    .values([
      committee('cc1', 'c1', '一社区人民调解委员会', 'residential'),
      committee('cc2', 'c2', '二社区人民调解委员会', 'residential'),
      committee('cs1', 's1', '街道人民调解委员会', 'subdistrict', 'subdistrict_committee'),
      committee('ct1', 's1', '交通事故纠纷人民调解委员会', 'specialised', 'traffic'),
    ])
    .execute();
  const mediator = (id: string, committee_id: string, kind: string, active = 1) => ({ id, committee_id, name: `调解员${id}`, kind, active, updated_by: 'admin', updated_at: at });
  await db
    .insertInto('mediators')
    .values([mediator('m1', 'cc1', 'full_time'), mediator('m2', 'cc1', 'part_time'), mediator('m3', 'cc1', 'part_time'), mediator('m4', 'cs1', 'full_time'), mediator('m5', 'ct1', 'full_time'), mediator('m6', 'ct1', 'part_time', 0)])
    .execute();
}
