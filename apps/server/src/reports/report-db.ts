import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';

/** A signed-off annual report version; its figures never change afterwards. */
export interface ReportSignoffRow {
  node_id: string;
  year: number;
  version: number;
  report: string;
  signed_by: string;
  signed_by_name: string;
  signed_at: string;
  note: string;
}

/** The tables this feature adds (migration 003-reports) on top of the shared schema. */
export interface ReportsDatabase extends Database {
  report_signoffs: ReportSignoffRow;
}

export const reportsDb = (db: Kysely<Database>) => db as unknown as Kysely<ReportsDatabase>;
