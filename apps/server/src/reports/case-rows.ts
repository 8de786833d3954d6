import type { Prevention } from '@tiaojie/domain';
import type { CaseFact } from '@tiaojie/report';
import { preventionColumns } from '../cases/prevention-columns.js';
import type { Kysely } from 'kysely';
import type { CaseRow, Database } from '../db/index.js';

/** A case's reporting columns with the org ids it belongs to: what tests and the generator insert directly. */
export interface StoredCaseFact extends Omit<CaseFact, 'child' | 'prevention'> {
  gridId: string;
  communityId: string;
  subdistrictId: string;
  districtId: string;
  createdBy: string;
  caseNo?: string;
  facts?: string;
  deleted?: boolean;
  /** Masked-export tests put parties here: { partyId: { name, phone?, idNumber? } }. */
  personal?: Record<string, { name: string; phone?: string; idNumber?: string }>;
  roles?: Record<string, 'applicant' | 'respondent'>;
  /** Statistics-table facts (issue 17): the committee, the parties (default: two), performance, prevention outcomes. */
  committeeId?: string | null;
  partyCount?: number;
  performance?: string | null;
  prevention?: Prevention;
}

/**
 * The row the sync applier would store for such a case, with a minimal document. Only for tests and the
 * benchmark generator: real writes go through the sync mutation path.
 */
export function storedCaseToRow(c: StoredCaseFact, seq = 1): CaseRow {
  const status = c.concludedOn ? 'concluded' : 'accepted';
  const level = c.resolvedLevel ?? 'grid';
  const parties = Object.fromEntries(Object.entries(c.roles ?? {}).map(([id, role]) => [id, { id, role }]));
  const doc = {
    id: c.id,
    caseNo: c.caseNo,
    type: c.type,
    source: c.source,
    risk: c.risk,
    facts: c.facts ?? '',
    reportedOn: c.acceptedOn,
    acceptedOn: c.acceptedOn,
    parties,
  };
  const scopePath = `/${c.districtId}/${c.subdistrictId}/${c.communityId}/${c.gridId}/`;
  return {
    id: c.id,
    seq,
    version: 1,
    doc: JSON.stringify(doc),
    personal: JSON.stringify(c.personal ?? {}),
    field_versions: '{}',
    deleted: c.deleted ? 1 : 0,
    has_conflict: 0,
    scope_path: scopePath,
    handling_node_id: c.gridId,
    handling_level: level,
    grid_id: c.gridId,
    community_id: c.communityId,
    subdistrict_id: c.subdistrictId,
    district_id: c.districtId,
    status,
    type: c.type,
    source: c.source,
    risk: c.risk,
    is_group: c.isGroup ? 1 : 0,
    people_involved: c.peopleInvolved,
    reported_on: c.acceptedOn,
    accepted_on: c.acceptedOn,
    concluded_on: c.concludedOn,
    outcome: c.outcome,
    resolved_level: c.resolvedLevel,
    body: c.body,
    agreement_form: c.agreementForm,
    agreement_amount: c.agreementAmount,
    court_confirmation: c.courtConfirmation,
    follow_up_count: c.followUpCount,
    // Judged from the whole case at the next start (fillFileCompleteness), like rows written before the column.
    file_complete: null,
    prevented_criminal: c.preventedCriminal ? 1 : 0,
    prevented_petition: c.preventedPetition ? 1 : 0,
    committee_id: c.committeeId ?? null,
    party_count: c.partyCount ?? 2,
    performance: c.performance ?? (c.agreementForm ? 'pending' : null),
    ...preventionColumns(c.prevention, { criminal: c.preventedCriminal, petition: c.preventedPetition, people: c.peopleInvolved }),
    // Ledger rows and generated years carry no intake block.
    intake_channel: null,
    intake_number: null,
    intake_received_at: null,
    created_by: c.createdBy,
    created_at: `${c.acceptedOn}T08:00:00.000Z`,
    updated_at: `${c.acceptedOn}T08:00:00.000Z`,
  };
}

export async function insertStoredCases(db: Kysely<Database>, cases: readonly StoredCaseFact[], batchSize = 200): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < cases.length; i += batchSize) {
      await trx
        .insertInto('cases')
        .values(cases.slice(i, i + batchSize).map((c) => storedCaseToRow(c)))
        .execute();
    }
  });
}
