import type { CaseSource, DisputeType, Level, MediatingBody, OutcomeCode, RiskLevel } from '@tiaojie/domain';
import type { StoredCaseFact } from './case-rows.js';

/** A generated district: sub-districts s1…, communities s1c01…, grids s1c01g01…, one grid worker per grid. */
export interface DistrictSpec {
  districtId: string;
  subdistricts: number;
  communitiesPerSubdistrict: number;
  gridsPerCommunity: number;
  firstYear: number;
  lastYear: number;
}

export const benchDistrict: DistrictSpec = {
  districtId: 'd1',
  subdistricts: 6,
  communitiesPerSubdistrict: 12,
  gridsPerCommunity: 10,
  firstYear: 2021,
  lastYear: 2024,
};

export interface GeneratedNode {
  id: string;
  parentId: string | null;
  kind: 'district' | 'subdistrict' | 'community' | 'grid';
  name: string;
}

export function generateDistrictNodes(spec: DistrictSpec): GeneratedNode[] {
  const nodes: GeneratedNode[] = [{ id: spec.districtId, parentId: null, kind: 'district', name: '基准区' }];
  for (let s = 1; s <= spec.subdistricts; s++) {
    const sid = `s${s}`;
    nodes.push({ id: sid, parentId: spec.districtId, kind: 'subdistrict', name: `第${s}街道` });
    for (let c = 1; c <= spec.communitiesPerSubdistrict; c++) {
      const cid = `${sid}c${String(c).padStart(2, '0')}`;
      nodes.push({ id: cid, parentId: sid, kind: 'community', name: `第${s}街道第${c}社区` });
      for (let g = 1; g <= spec.gridsPerCommunity; g++) {
        nodes.push({ id: `${cid}g${String(g).padStart(2, '0')}`, parentId: cid, kind: 'grid', name: `第${c}社区第${g}网格` });
      }
    }
  }
  return nodes;
}

export const gridWorkerIdOf = (gridId: string) => `u-${gridId}`;

function weighted<T>(entries: [T, number][]) {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const cumulative = entries.map(([v], i) => [v, entries.slice(0, i + 1).reduce((s, [, x]) => s + x, 0) / total] as const);
  return (r: number): T => cumulative.find(([, c]) => r < c)?.[0] ?? entries[entries.length - 1]![0];
}

const pickType = weighted<DisputeType>([
  ['neighbour', 26], ['property_management', 20], ['marriage_family', 12], ['contract', 7], ['labour', 7], ['damages', 6],
  ['traffic', 5], ['consumer', 4], ['housing_homestead', 3], ['environment', 2], ['production_business', 2],
  ['land_acquisition', 1], ['forest_land', 1], ['medical', 1], ['other', 3],
]);
const pickSource = weighted<CaseSource>([
  ['proactive', 45], ['party_applied', 30], ['hotline_12345', 12], ['referral_police', 6], ['referral_court', 3],
  ['referral_government', 2], ['referral_superior', 2],
]);
const pickRisk = weighted<RiskLevel>([['blue', 80], ['yellow', 12], ['orange', 6], ['red', 2]]);
const pickOutcome = weighted<OutcomeCode>([['success', 93], ['failed', 4], ['withdrawn', 2], ['not_accepted', 1]]);
const pickLevel = weighted<Level>([['grid', 58], ['community', 30], ['subdistrict', 10], ['district', 2]]);
const bodyOf: Record<Level, MediatingBody[]> = {
  grid: ['grid_worker'],
  community: ['community_committee', 'community_committee', 'legal_adviser'],
  subdistrict: ['subdistrict_committee', 'subdistrict_committee', 'property', 'labour', 'administrative'],
  district: ['court_linked', 'traffic', 'medical'],
};

/**
 * `count` cases spread over the district's grids and years, yielded in batches. Deterministic for a seed.
 * Mediation takes days to weeks; a few cases run for months or stay open; escalated cases resolve higher up.
 */
/** The committee a generated case names: its community's, its sub-district's, its traffic committee, or none. */
export function benchCommitteeOf(i: number, communityId: string, subdistrictId: string): string | null {
  return [null, `cc-${communityId}`, `cs-${subdistrictId}`, `ct-${subdistrictId}`][i % 4]!;
}

export function* generateCases(spec: DistrictSpec, count: number, batchSize = 5000, seed = 20240101): Generator<StoredCaseFact[]> {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const grids = generateDistrictNodes(spec).filter((n) => n.kind === 'grid').map((n) => n.id);
  const start = Date.UTC(spec.firstYear, 0, 1);
  const days = Math.round((Date.UTC(spec.lastYear, 11, 31) - start) / 86_400_000) + 1;
  const lastDay = new Date(Date.UTC(spec.lastYear, 11, 31)).toISOString().slice(0, 10);
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  let batch: StoredCaseFact[] = [];
  for (let i = 0; i < count; i++) {
    const gridId = grids[Math.floor(next() * grids.length)]!;
    const communityId = gridId.slice(0, gridId.indexOf('g'));
    const subdistrictId = gridId.slice(0, gridId.indexOf('c'));
    const acceptedT = start + Math.floor(next() * days) * 86_400_000;
    const r = next();
    const duration = r < 0.6 ? Math.floor(next() * 7) : r < 0.92 ? 7 + Math.floor(next() * 24) : r < 0.99 ? 30 + Math.floor(next() * 150) : 2000;
    let concludedOn: string | null = iso(acceptedT + duration * 86_400_000);
    if (concludedOn > lastDay) concludedOn = null;
    const outcome = concludedOn ? pickOutcome(next()) : null;
    const level = concludedOn ? pickLevel(next()) : null;
    const bodies = level ? bodyOf[level] : null;
    const success = outcome === 'success';
    const form = success ? (next() < 0.55 ? 'written' : 'oral') : null;
    const isGroup = next() < 0.03;
    const type = pickType(next());
    batch.push({
      id: `gen-${String(i).padStart(7, '0')}`,
      gridId,
      communityId,
      subdistrictId,
      districtId: spec.districtId,
      createdBy: gridWorkerIdOf(gridId),
      type,
      source: pickSource(next()),
      risk: pickRisk(next()),
      isGroup,
      peopleInvolved: isGroup ? 5 + Math.floor(next() * 40) : 2,
      acceptedOn: iso(acceptedT),
      concludedOn,
      outcome,
      resolvedLevel: level,
      body: bodies ? bodies[Math.floor(next() * bodies.length)]! : null,
      agreementForm: form,
      agreementAmount: form ? Math.round(next() * next() * 5_000_000) / 100 : 0,
      courtConfirmation: form === 'written' ? (next() < 0.1 ? 'confirmed' : next() < 0.05 ? 'applied' : 'none') : null,
      followUpCount: success ? (next() < 0.7 ? 1 + Math.floor(next() * 2) : 0) : 0,
      preventedCriminal: next() < 0.01,
      preventedPetition: isGroup && next() < 0.3,
      caseNo: `${subdistrictId.toUpperCase()}-${iso(acceptedT).slice(0, 4)}-${String(i).padStart(7, '0')}`,
      facts: `${type} 纠纷，网格员走访发现，双方经调解达成一致意见。`,
      // Statistics-table facts, from the case's number (no draw: the figures above stay as they were generated).
      committeeId: benchCommitteeOf(i, communityId, subdistrictId),
      partyCount: i % 9 === 0 ? 3 : 2,
      performance: form ? (['fulfilled', 'fulfilled', 'partial', 'unfulfilled'] as const)[i % 4]! : null,
      ...(i % 50 === 0 ? { prevention: { disputes: 1, ...(i % 200 === 0 ? { suicide: { cases: 1, people: 2 } } : {}) } } : {}),
    });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
