import type { User } from '@tiaojie/domain';
import type { AnnualReport, MediationStats } from '@tiaojie/report';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { reportsDb } from './report-db.js';

/** Who signed a version, when, and with what note: the same for every report that is signed off. */
export interface SignoffMeta {
  nodeId: string;
  version: number;
  signedBy: string;
  signedByName: string;
  signedAt: string;
  note: string;
}

export interface Signoff extends SignoffMeta {
  year: number;
  report: AnnualReport;
}

/** The statistics tables as signed, in both languages (titles and order as the unit's setting had them then). */
export interface SignedStats {
  'zh-CN': MediationStats;
  en: MediationStats;
}

export interface StatsSignoff extends SignoffMeta {
  period: string;
  stats: SignedStats;
  /** 负责人, 制表人 and 填报日期 as signed: every export of this version prints them. */
  head: string;
  preparer: string;
  reportDate: string;
}

type Value = string | number;
type SignoffTable = 'report_signoffs' | 'stats_signoffs';
/** The two sign-off tables share their versioning columns; the rest of a row is the report's own. */
type Loose = Kysely<Record<SignoffTable, Record<string, Value>>>;
const loose = (db: Kysely<Database>) => reportsDb(db) as unknown as Loose;

/**
 * Versioned sign-offs of one kind of report, keyed by node and period (a year, or a statistics period): every
 * sign-off stores the report as the next version and never changes an earlier one (later cases show as adjustments
 * until the report is signed again). The primary key (node, period, version) makes two concurrent sign-offs of the
 * same version fail instead of both winning.
 */
function versionedSignoffs(table: SignoffTable, periodColumn: 'year' | 'period') {
  return {
    async list(db: Kysely<Database>, nodeId: string, period: Value): Promise<Record<string, Value>[]> {
      return loose(db).selectFrom(table).selectAll().where('node_id', '=', nodeId).where(periodColumn, '=', period).orderBy('version', 'desc').execute();
    },
    async insert(db: Kysely<Database>, nodeId: string, period: Value, content: Record<string, Value>, user: User, note: string, now: Date): Promise<Record<string, Value>> {
      return loose(db)
        .transaction()
        .execute(async (trx) => {
          const last = await trx
            .selectFrom(table)
            .select((eb) => eb.fn.max('version').as('v'))
            .where('node_id', '=', nodeId)
            .where(periodColumn, '=', period)
            .executeTakeFirst();
          const row: Record<string, Value> = {
            node_id: nodeId,
            [periodColumn]: period,
            version: Number(last?.v ?? 0) + 1,
            ...content,
            signed_by: user.id,
            signed_by_name: user.displayName,
            signed_at: now.toISOString(),
            note,
          };
          await trx.insertInto(table).values(row).execute();
          return row;
        });
    },
  };
}

function metaOf(r: Record<string, Value>): SignoffMeta {
  return {
    nodeId: String(r.node_id),
    version: Number(r.version),
    signedBy: String(r.signed_by),
    signedByName: String(r.signed_by_name),
    signedAt: String(r.signed_at),
    note: String(r.note),
  };
}

const annual = versionedSignoffs('report_signoffs', 'year');
const rowToSignoff = (r: Record<string, Value>): Signoff => ({ ...metaOf(r), year: Number(r.year), report: JSON.parse(String(r.report)) as AnnualReport });

export async function listSignoffs(db: Kysely<Database>, nodeId: string, year: number): Promise<Signoff[]> {
  return (await annual.list(db, nodeId, year)).map(rowToSignoff);
}

export async function latestSignoff(db: Kysely<Database>, nodeId: string, year: number): Promise<Signoff | null> {
  return (await listSignoffs(db, nodeId, year))[0] ?? null;
}

/** Stores the annual report as the next version of its node and year. */
export async function insertSignoff(db: Kysely<Database>, report: AnnualReport, user: User, note: string, now = new Date()): Promise<Signoff> {
  return rowToSignoff(await annual.insert(db, report.node.id, report.year, { report: JSON.stringify(report) }, user, note, now));
}

const stats = versionedSignoffs('stats_signoffs', 'period');
const rowToStatsSignoff = (r: Record<string, Value>): StatsSignoff => ({
  ...metaOf(r),
  period: String(r.period),
  stats: JSON.parse(String(r.stats)) as SignedStats,
  head: String(r.head),
  preparer: String(r.preparer),
  reportDate: String(r.report_date),
});

export async function listStatsSignoffs(db: Kysely<Database>, nodeId: string, period: string): Promise<StatsSignoff[]> {
  return (await stats.list(db, nodeId, period)).map(rowToStatsSignoff);
}

export async function latestStatsSignoff(db: Kysely<Database>, nodeId: string, period: string): Promise<StatsSignoff | null> {
  return (await listStatsSignoffs(db, nodeId, period))[0] ?? null;
}

/** Stores a unit's statistics tables for a period as the next version, with who signs them. */
export async function insertStatsSignoff(
  db: Kysely<Database>,
  signed: { nodeId: string; period: string; stats: SignedStats; head: string; preparer: string; reportDate: string },
  user: User,
  note: string,
  now = new Date(),
): Promise<StatsSignoff> {
  const content = { stats: JSON.stringify(signed.stats), head: signed.head, preparer: signed.preparer, report_date: signed.reportDate };
  return rowToStatsSignoff(await stats.insert(db, signed.nodeId, signed.period, content, user, note, now));
}
