import { caseSchema, followUpInputOf, isCaseFileComplete, type DisputeCase, type Level } from '@tiaojie/domain';
import { nodeIdAtLevel, type WriterVersions } from '@tiaojie/sync';
import type { PersonalCodec } from '../crypto/keyring.js';
import type { CaseRow } from '../db/index.js';
import { storablePersonal } from './party-disclosure.js';
import { preventionColumns } from './prevention-columns.js';

/** Everything of a case row except what the writer decides (seq, version, timestamps, flags). */
export type CaseColumns = Omit<CaseRow, 'seq' | 'version' | 'created_at' | 'updated_at' | 'deleted'>;

/** Path of the node at `level` above (or at) the grid: the handling node's path is the case's scope. */
export function ancestorPath(gridPath: string, level: Level): string {
  const ids = gridPath.split('/').filter(Boolean);
  const depth = ids.length - ['grid', 'community', 'subdistrict', 'district'].indexOf(level);
  return `/${ids.slice(0, depth).join('/')}/`;
}

/** The org path of the grid, rebuilt from the row's own columns. */
export function gridPathOfRow(row: Pick<CaseRow, 'district_id' | 'subdistrict_id' | 'community_id' | 'grid_id'>): string {
  return `/${row.district_id}/${row.subdistrict_id}/${row.community_id}/${row.grid_id}/`;
}

interface LevelIds {
  community: string;
  subdistrict: string;
  district: string;
  pathAt: Record<Level, string>;
}

/** Grid paths never change (org nodes are permanent), and a district has a few hundred grids: remembered. */
const levelIdsByGridPath = new Map<string, LevelIds>();
function levelIdsOf(gridPath: string): LevelIds {
  let ids = levelIdsByGridPath.get(gridPath);
  if (!ids) {
    const at = (level: Level) => nodeIdAtLevel(gridPath, level) ?? '';
    const pathAt = (level: Level) => ancestorPath(gridPath, level);
    ids = {
      community: at('community'),
      subdistrict: at('subdistrict'),
      district: at('district'),
      pathAt: { grid: pathAt('grid'), community: pathAt('community'), subdistrict: pathAt('subdistrict'), district: pathAt('district') },
    };
    if (levelIdsByGridPath.size >= 10_000) levelIdsByGridPath.clear();
    levelIdsByGridPath.set(gridPath, ids);
  }
  return ids;
}

/**
 * Splits a case into its row: parties' personal data go to `personal`; the columns the annual report
 * reads are filled from the document, so SQL never has to parse JSON.
 */
export function caseToColumns(c: DisputeCase, gridPath: string, versions: WriterVersions, hasConflict: boolean, codec: PersonalCodec): CaseColumns {
  const personal: Record<string, unknown> = {};
  const parties: Record<string, Record<string, unknown>> = {};
  // (Plain loops: an object-rest copy per party costs several times more in V8, once per pushed case.)
  for (const id in c.parties) {
    const party = c.parties[id]! as unknown as Record<string, unknown>;
    const rest: Record<string, unknown> = {};
    for (const key in party) if (key !== 'personal') rest[key] = party[key];
    personal[id] = storablePersonal(party.personal);
    parties[id] = rest;
  }
  const conflicts = splitPartyConflicts(c.conflicts, personal);
  const ids = levelIdsOf(gridPath);
  return {
    id: c.id,
    // (Object.assign: a spread of the whole case into a literal costs V8 several times more, once per pushed case.)
    doc: JSON.stringify(Object.assign({}, c, conflicts ? { parties, conflicts } : { parties })),
    personal: codec.seal(JSON.stringify(personal)),
    field_versions: JSON.stringify(versions),
    has_conflict: hasConflict ? 1 : 0,
    scope_path: ids.pathAt[c.handlingLevel],
    handling_node_id: c.handlingNodeId,
    handling_level: c.handlingLevel,
    grid_id: c.gridId,
    community_id: ids.community,
    subdistrict_id: ids.subdistrict,
    district_id: ids.district,
    status: c.status,
    type: c.type,
    source: c.source,
    risk: c.risk,
    is_group: c.isGroup ? 1 : 0,
    people_involved: c.peopleInvolved,
    reported_on: c.reportedOn,
    accepted_on: c.acceptedOn,
    concluded_on: c.outcome?.concludedOn ?? null,
    outcome: c.outcome?.code ?? null,
    resolved_level: c.outcome?.resolvedLevel ?? null,
    body: c.outcome?.body ?? null,
    agreement_form: c.agreement?.form ?? null,
    agreement_amount: c.agreement?.amount ?? 0,
    court_confirmation: c.agreement?.courtConfirmation ?? null,
    follow_up_count: Object.keys(c.followUps).length,
    file_complete: isCaseFileComplete(c) ? 1 : 0,
    prevented_criminal: c.preventedCriminal ? 1 : 0,
    prevented_petition: c.preventedPetition ? 1 : 0,
    committee_id: c.committeeId ?? null,
    party_count: Object.keys(c.parties).length,
    // The latest follow-up's finding (部分履行 …) is the agreement's performance, as the phone shows it.
    performance: c.agreement ? (followUpInputOf(c).performance ?? c.agreement.performance) : null,
    ...preventionColumns(c.prevention, { criminal: c.preventedCriminal, petition: c.preventedPetition, people: c.peopleInvolved }),
    intake_channel: c.intake?.channel ?? null,
    intake_number: c.intake?.number ?? null,
    // UTC, so that a period filter compares instants as text whatever offset the phone wrote.
    intake_received_at: c.intake ? new Date(c.intake.receivedAt).toISOString() : null,
    created_by: c.createdBy,
  };
}

/** Key in the personal blob under which the values of conflicts on parties are kept (not a valid party id). */
const CONFLICT_VALUES = '#conflicts';

/**
 * A conflict on a party holds whole party values (names, ID numbers, phones): its two values go to the personal
 * blob, and the document keeps the conflict with null values. Returns the conflicts to store, or undefined if
 * none was on a party (the document's own are stored as they are).
 */
function splitPartyConflicts(conflicts: DisputeCase['conflicts'], personal: Record<string, unknown>): DisputeCase['conflicts'] | undefined {
  let out: DisputeCase['conflicts'] | undefined;
  const values: Record<string, { serverValue: unknown; clientValue: unknown }> = {};
  for (const id in conflicts) {
    const k = conflicts[id]!;
    if (!isPartyPath(k.path)) continue;
    out ??= { ...conflicts };
    values[id] = { serverValue: k.serverValue, clientValue: k.clientValue };
    out[id] = { ...k, serverValue: null, clientValue: null };
  }
  if (out) personal[CONFLICT_VALUES] = values;
  return out;
}

function isPartyPath(path: string): boolean {
  return path === 'parties' || path.startsWith('parties.');
}

/** The full case (personal data merged back), parsed with the domain schema. */
export function rowToCase(row: Pick<CaseRow, 'doc' | 'personal'>, codec: PersonalCodec): DisputeCase {
  const doc = JSON.parse(row.doc) as Record<string, unknown> & { parties?: Record<string, Record<string, unknown>>; conflicts?: Record<string, Record<string, unknown>> };
  const personal = JSON.parse(codec.open(row.personal)) as Record<string, unknown>;
  const parties = Object.fromEntries(Object.entries(doc.parties ?? {}).map(([id, p]) => [id, { ...p, personal: personal[id] }]));
  const conflictValues = personal[CONFLICT_VALUES] as Record<string, Record<string, unknown>> | undefined;
  const merged = conflictValues
    ? { ...doc, parties, conflicts: Object.fromEntries(Object.entries(doc.conflicts ?? {}).map(([id, k]) => [id, conflictValues[id] ? { ...k, ...conflictValues[id] } : k])) }
    : { ...doc, parties };
  const parsed = caseSchema.safeParse(merged);
  // A case stored before a limit was added (or tightened) is read as stored, never refused: a read (a pull page,
  // a report) must not fail on it. Every write parses the result again, so an edit must bring it within limits.
  return parsed.success ? parsed.data : (merged as unknown as DisputeCase);
}

export function rowVersions(row: Pick<CaseRow, 'field_versions'>): WriterVersions {
  return JSON.parse(row.field_versions) as WriterVersions;
}
