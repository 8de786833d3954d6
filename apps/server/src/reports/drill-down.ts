import { mediatedOutcomes, type CaseFileCompleteness, type OrgNode, type User } from '@tiaojie/domain';
import type { DrillFigure } from '@tiaojie/report';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/index.js';
import { ApiError } from '../http/api-error.js';
import { inSubtree } from '../org/index.js';
import { childColumnOf, idColumnOf } from './node-columns.js';
import { maskName } from './mask.js';
import { latestSignoff } from './signoff-store.js';

export interface DrillCase {
  id: string;
  caseNo: string | null;
  gridId: string;
  /** Grid and community names, so a clerk sees where each case comes from. */
  gridName: string;
  communityName: string;
  /** Applicants' names, masked as in every export (张三 → 张*). */
  applicants: string[];
  type: string;
  source: string;
  risk: string;
  status: string;
  acceptedOn: string;
  concludedOn: string | null;
  outcome: string | null;
  resolvedLevel: string | null;
  body: string | null;
  /** Whether every required document of the case file is ready (null: not judged yet, until the next start). */
  fileComplete: boolean | null;
  /**
   * When the year is signed off: 'created' for a case first synced after the sign-off, 'updated' for one changed
   * after it, 'removed' for one the signed figures counted and that was deleted after it (any of them can make the
   * live figures differ from the signed ones); null otherwise.
   */
  afterSignoff: 'created' | 'updated' | 'removed' | null;
}

type Eb = ExpressionBuilder<Database, 'cases'>;

/** The WHERE clause that selects exactly the cases a figure counts (see DESIGN §4 and @tiaojie/report). */
function figureFilter(eb: Eb, node: OrgNode, year: number, figure: DrillFigure, key: string): Expression<SqlBool> {
  const ys = `${year}-01-01`;
  const ye = `${year}-12-31`;
  const acceptedIn = eb.and([eb('accepted_on', '>=', ys), eb('accepted_on', '<=', ye)]);
  const concludedIn = eb.and([eb('concluded_on', '>=', ys), eb('concluded_on', '<=', ye), eb('outcome', 'is not', null)]);
  const needKey = () => {
    if (!key) throw new ApiError(400, 'VALIDATION_FAILED', `figure ${figure} needs a key`);
    return key;
  };
  switch (figure) {
    case 'accepted':
      return acceptedIn;
    case 'carriedOver':
      return eb.and([eb('accepted_on', '<', ys), eb.or([eb('concluded_on', 'is', null), eb('concluded_on', '>=', ys)])]);
    case 'concluded':
      return concludedIn;
    case 'openAtYearEnd':
      return eb.and([eb('accepted_on', '<=', ye), eb.or([eb('concluded_on', 'is', null), eb('concluded_on', '>', ye)])]);
    case 'mediated':
      return eb.and([concludedIn, eb('outcome', 'in', [...mediatedOutcomes])]);
    case 'outcome':
      return eb.and([concludedIn, eb('outcome', '=', needKey())]);
    case 'type':
      return eb.and([acceptedIn, eb('type', '=', needKey())]);
    case 'source':
      return eb.and([acceptedIn, eb('source', '=', needKey())]);
    case 'risk':
      return eb.and([acceptedIn, eb('risk', '=', needKey())]);
    case 'group':
      return eb.and([acceptedIn, eb('is_group', '=', 1)]);
    case 'child':
      return eb.and([acceptedIn, eb(childColumnOf[node.kind], '=', needKey())]);
    case 'month': {
      const m = Number(needKey());
      if (!Number.isInteger(m) || m < 1 || m > 12) throw new ApiError(400, 'VALIDATION_FAILED', 'month must be 1–12');
      const mm = String(m).padStart(2, '0');
      return eb.and([eb('accepted_on', '>=', `${year}-${mm}-01`), eb('accepted_on', '<=', `${year}-${mm}-31`)]);
    }
    case 'body':
      return eb.and([concludedIn, eb('body', '=', needKey())]);
    case 'level':
      return eb.and([concludedIn, eb('outcome', '=', 'success'), eb('resolved_level', '=', needKey())]);
    case 'agreement':
      return eb.and([concludedIn, key ? eb('agreement_form', '=', key) : eb('agreement_form', 'is not', null)]);
    case 'court':
      return eb.and([
        concludedIn,
        needKey() === 'applied' ? eb.and([eb('court_confirmation', 'is not', null), eb('court_confirmation', '<>', 'none')]) : eb('court_confirmation', '=', key),
      ]);
    case 'followedUp':
      return eb.and([concludedIn, eb('outcome', '=', 'success'), eb('follow_up_count', '>', 0)]);
    case 'preventedCriminal':
      return eb.and([concludedIn, eb('prevented_criminal', '=', 1)]);
    case 'preventedPetition':
      return eb.and([concludedIn, eb('prevented_petition', '=', 1)]);
    case 'ledger':
      return eb.and([eb('accepted_on', '<=', ye), eb.or([eb('concluded_on', 'is', null), eb('concluded_on', '>=', ys)])]);
  }
}

/**
 * Cases of the year's ledger (open at some time in the year) written after `signedAt`: created or changed by a sync
 * after the sign-off. Server timestamps on both sides (signed_at and updated_at are the server's ISO clock).
 */
/**
 * Since the sign-off: live cases written after it, and cases deleted after it that the signed figures counted (a
 * deleted row keeps the columns the figures read). A case both created and deleted after it was never counted.
 */
function changedSince(eb: Eb, signedAt: string): Expression<SqlBool> {
  return eb.and([eb('updated_at', '>', signedAt), eb.or([eb('deleted', '=', 0), eb('created_at', '<=', signedAt)])]);
}

export async function countSyncedAfter(db: Kysely<Database>, node: OrgNode, year: number, signedAt: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .where(idColumnOf[node.kind], '=', node.id)
    .where((eb) => changedSince(eb, signedAt))
    .where((eb) => figureFilter(eb, node, year, 'ledger', ''))
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n ?? 0);
}

export interface DrillResult {
  /** Cases the figure counts. */
  total: number;
  /** Of those, the ones the viewer may open (cases escalated above the viewer's node are counted but not listed). */
  visible: number;
  cases: DrillCase[];
  /** When the year's report was last signed off (cases written after it are marked), or null for a draft. */
  signedAt: string | null;
}

export async function drillDown(
  db: Kysely<Database>,
  /** Party data is stored encrypted (store.personal.open). */
  openPersonal: (stored: string) => string,
  viewer: User,
  node: OrgNode,
  year: number,
  figure: DrillFigure,
  key: string,
  page: { limit: number; offset: number },
  /** 'afterSignoff': only the cases created or changed after the year's latest sign-off (none for a draft). */
  synced: 'all' | 'afterSignoff' = 'all',
  /** Only the cases whose file is (in)complete; the counts then count those. */
  completeness?: CaseFileCompleteness,
): Promise<DrillResult> {
  const signedAt = (await latestSignoff(db, node.id, year))?.signedAt ?? null;
  let base = db
    .selectFrom('cases')
    .where(idColumnOf[node.kind], '=', node.id)
    .where((eb) => figureFilter(eb, node, year, figure, key));
  // Without a sign-off nothing synced after one: the filtered list is empty, not the whole figure. After one, the
  // list holds what the count beside the adjustments counts, removed cases included.
  if (synced === 'afterSignoff') base = signedAt === null ? base.where(sql<SqlBool>`1 = 0`) : base.where((eb) => changedSince(eb, signedAt));
  else base = base.where('deleted', '=', 0);
  if (completeness) base = base.where('file_complete', '=', completeness === 'complete' ? 1 : 0);
  const counts = await base
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`sum(case when scope_path >= ${viewer.nodePath} and scope_path < ${`${viewer.nodePath}~`} then 1 else 0 end)`.as('visible'),
    ])
    .executeTakeFirstOrThrow();
  const rows = await base
    .where(inSubtree('scope_path', viewer.nodePath))
    .select(['id', 'doc', 'personal', 'grid_id', 'community_id', 'type', 'source', 'risk', 'status', 'accepted_on', 'concluded_on', 'outcome', 'resolved_level', 'body', 'file_complete', 'created_at', 'updated_at', 'deleted'])
    .orderBy('accepted_on')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const unitIds = [...new Set(rows.flatMap((r) => [r.grid_id, r.community_id ?? '']).filter(Boolean))];
  const names = new Map(
    unitIds.length ? (await db.selectFrom('org_nodes').select(['id', 'name']).where('id', 'in', unitIds).execute()).map((n) => [n.id, n.name] as const) : [],
  );
  return {
    total: Number(counts.total ?? 0),
    visible: Number(counts.visible ?? 0),
    cases: rows.map((r) => {
      let caseNo: string | null = null;
      let applicants: string[] = [];
      let doc: { caseNo?: unknown; parties?: Record<string, { role?: unknown }> } = {};
      try {
        doc = JSON.parse(r.doc) as typeof doc;
        caseNo = typeof doc.caseNo === 'string' ? doc.caseNo : null;
      } catch {
        caseNo = null;
      }
      try {
        // A row the list cannot decrypt still shows, without applicant names.
        const personal = JSON.parse(r.personal ? openPersonal(r.personal) : '{}') as Record<string, { name?: unknown } | undefined>;
        applicants = Object.entries(doc.parties ?? {}).flatMap(([id, p]) => {
          const name = personal[id]?.name;
          return p.role === 'applicant' && typeof name === 'string' && name ? [maskName(name)] : [];
        });
      } catch {
        applicants = [];
      }
      return {
        id: r.id,
        caseNo,
        gridId: r.grid_id,
        gridName: names.get(r.grid_id) ?? r.grid_id,
        communityName: r.community_id ? (names.get(r.community_id) ?? r.community_id) : '',
        applicants,
        type: r.type,
        source: r.source,
        risk: r.risk,
        status: r.status,
        acceptedOn: r.accepted_on,
        concludedOn: r.concluded_on,
        outcome: r.outcome,
        resolvedLevel: r.resolved_level,
        body: r.body,
        fileComplete: r.file_complete === null ? null : Number(r.file_complete) === 1,
        afterSignoff: signedAt === null ? null : r.deleted ? 'removed' : r.created_at > signedAt ? 'created' : r.updated_at > signedAt ? 'updated' : null,
      };
    }),
    signedAt,
  };
}
