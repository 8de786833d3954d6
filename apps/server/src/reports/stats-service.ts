import { nilReportFootnote, toShanghaiDate, type Locale, type OrgNode, type User } from '@tiaojie/domain';
import { computeMediationStats, statsAdjustmentLines, type AdjustmentLine, type MediationStats, type StatsPeriod } from '@tiaojie/report';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { nilReportSpan } from '../risk/index.js';
import { idColumnOf } from './node-columns.js';
import { canSignOff } from './report-service.js';
import { latestStatsSignoff, type SignedStats, type SignoffMeta, type StatsSignoff } from './signoff-store.js';
import { loadStatsInput, loadStatsSettings, type StatsDrillCase } from './stats-queries.js';

/** Both languages' tables of a unit and period computed now, each with the period's nil-report footnote. */
export async function computeLiveStats(db: Kysely<Database>, node: OrgNode, period: StatsPeriod, now = new Date()): Promise<SignedStats> {
  const input = await loadStatsInput(db, node, period);
  const settings = await loadStatsSettings(db, node);
  const { counts } = await nilReportSpan(db, node, period, toShanghaiDate(now));
  const withFootnote = (locale: Locale): MediationStats => ({
    ...computeMediationStats(input, settings, locale),
    footnote: { ...counts, text: nilReportFootnote(counts, locale) },
  });
  return { 'zh-CN': withFootnote('zh-CN'), en: withFootnote('en') };
}

export interface StatsView {
  status: 'draft' | 'signed';
  /** What the tables say: the signed version if there is one (never recomputed), else the live figures. */
  stats: SignedStats;
  live: SignedStats;
  /** live − signed per changed cell, as staff read them (total rows and the footnote first); empty for a draft. */
  adjustmentLines: { zh: AdjustmentLine[]; en: AdjustmentLine[] };
  /** Cases of the period created, changed or deleted after the sign-off; null for a draft. */
  syncedAfterSignoff: number | null;
  signoff: (SignoffMeta & { period: string; head: string; preparer: string; reportDate: string }) | null;
  canSignOff: boolean;
}

/**
 * Cases counted by the unit's tables for the period (accepted or concluded in it) written after `signedAt`: what
 * the adjustments come from. A case created and deleted after the sign-off never counted, so it is not one of them.
 */
function syncedAfter(db: Kysely<Database>, node: OrgNode, period: StatsPeriod, signedAt: string) {
  return db
    .selectFrom('cases')
    .where(idColumnOf[node.kind], '=', node.id)
    .where('updated_at', '>', signedAt)
    .where((eb) => eb.or([eb('deleted', '=', 0), eb('created_at', '<=', signedAt)]))
    .where((eb) =>
      eb.or([
        eb.and([eb('accepted_on', '>=', period.from), eb('accepted_on', '<=', period.to)]),
        eb.and([eb('concluded_on', '>=', period.from), eb('concluded_on', '<=', period.to)]),
      ]),
    );
}

export async function countStatsSyncedAfter(db: Kysely<Database>, node: OrgNode, period: StatsPeriod, signedAt: string): Promise<number> {
  const row = await syncedAfter(db, node, period, signedAt).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n ?? 0);
}

/** How a case listed after a sign-off changed: created since, updated since, or deleted since (counted then, not now). */
export type AfterSignoff = 'created' | 'updated' | 'removed';
const LATE_LIST = 500;

/** The cases `countStatsSyncedAfter` counts (the first 500), each with how it changed since the sign-off. */
export async function listStatsSyncedAfter(
  db: Kysely<Database>,
  node: OrgNode,
  period: StatsPeriod,
  signedAt: string,
): Promise<{ total: number; count: number; cases: (StatsDrillCase & { afterSignoff: AfterSignoff })[] }> {
  const total = await countStatsSyncedAfter(db, node, period, signedAt);
  const rows = await syncedAfter(db, node, period, signedAt)
    .select(['id', 'doc', 'type', 'source', 'committee_id', 'accepted_on', 'concluded_on', 'outcome', 'created_at', 'deleted'])
    .orderBy('updated_at')
    .orderBy('id')
    .limit(LATE_LIST)
    .execute();
  const cases = rows.map((r) => ({
    id: r.id,
    caseNo: (JSON.parse(r.doc) as { caseNo?: string }).caseNo ?? null,
    type: r.type,
    source: r.source,
    committeeId: r.committee_id,
    acceptedOn: r.accepted_on,
    concludedOn: r.concluded_on,
    outcome: r.outcome,
    value: 1,
    afterSignoff: (r.deleted ? 'removed' : r.created_at > signedAt ? 'created' : 'updated') as AfterSignoff,
  }));
  return { total, count: total, cases };
}

export async function buildStatsView(db: Kysely<Database>, viewer: User, node: OrgNode, period: StatsPeriod): Promise<StatsView> {
  const live = await computeLiveStats(db, node, period);
  const signed: StatsSignoff | null = await latestStatsSignoff(db, node.id, period.id);
  const { stats: _s, ...signoff } = signed ?? { stats: null };
  return {
    status: signed ? 'signed' : 'draft',
    stats: signed?.stats ?? live,
    live,
    adjustmentLines: {
      zh: signed ? statsAdjustmentLines(signed.stats['zh-CN'], live['zh-CN'], 'zh-CN') : [],
      en: signed ? statsAdjustmentLines(signed.stats.en, live.en, 'en') : [],
    },
    syncedAfterSignoff: signed ? await countStatsSyncedAfter(db, node, period, signed.signedAt) : null,
    signoff: signed ? (signoff as StatsView['signoff']) : null,
    canSignOff: canSignOff(viewer),
  };
}
