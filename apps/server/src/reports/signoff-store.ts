import type { User } from '@tiaojie/domain';
import type { AnnualReport } from '@tiaojie/report';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { reportsDb } from './report-db.js';

export interface Signoff {
  nodeId: string;
  year: number;
  version: number;
  report: AnnualReport;
  signedBy: string;
  signedByName: string;
  signedAt: string;
  note: string;
}

function rowToSignoff(r: { node_id: string; year: number; version: number; report: string; signed_by: string; signed_by_name: string; signed_at: string; note: string }): Signoff {
  return {
    nodeId: r.node_id,
    year: Number(r.year),
    version: Number(r.version),
    report: JSON.parse(r.report) as AnnualReport,
    signedBy: r.signed_by,
    signedByName: r.signed_by_name,
    signedAt: r.signed_at,
    note: r.note,
  };
}

export async function listSignoffs(db: Kysely<Database>, nodeId: string, year: number): Promise<Signoff[]> {
  const rows = await reportsDb(db)
    .selectFrom('report_signoffs')
    .selectAll()
    .where('node_id', '=', nodeId)
    .where('year', '=', year)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(rowToSignoff);
}

export async function latestSignoff(db: Kysely<Database>, nodeId: string, year: number): Promise<Signoff | null> {
  return (await listSignoffs(db, nodeId, year))[0] ?? null;
}

/**
 * Stores the report as the next version. The primary key (node, year, version) makes two concurrent
 * sign-offs of the same version fail instead of both winning.
 */
export async function insertSignoff(db: Kysely<Database>, report: AnnualReport, user: User, note: string, now = new Date()): Promise<Signoff> {
  return reportsDb(db).transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('report_signoffs')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('node_id', '=', report.node.id)
      .where('year', '=', report.year)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const row = {
      node_id: report.node.id,
      year: report.year,
      version,
      report: JSON.stringify(report),
      signed_by: user.id,
      signed_by_name: user.displayName,
      signed_at: now.toISOString(),
      note,
    };
    await trx.insertInto('report_signoffs').values(row).execute();
    return rowToSignoff(row);
  });
}
