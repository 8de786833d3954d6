import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import type { CaseRow } from '../db/index.js';
import { storedCaseToRow, type StoredCaseFact } from './case-rows.js';

/** PostgreSQL array types of the cases columns, for one `insert … select from unnest(…)` per batch. */
const pgTypes: Record<keyof CaseRow, string> = {
  id: 'text', seq: 'bigint', version: 'int', doc: 'text', personal: 'text', field_versions: 'text', deleted: 'int',
  has_conflict: 'int', scope_path: 'text', handling_node_id: 'text', handling_level: 'text', grid_id: 'text',
  community_id: 'text', subdistrict_id: 'text', district_id: 'text', status: 'text', type: 'text', source: 'text',
  risk: 'text', is_group: 'int', people_involved: 'int', reported_on: 'text', accepted_on: 'text', concluded_on: 'text',
  outcome: 'text', resolved_level: 'text', body: 'text', agreement_form: 'text', agreement_amount: 'float8',
  court_confirmation: 'text', follow_up_count: 'int', file_complete: 'int', prevented_criminal: 'int', prevented_petition: 'int',
  committee_id: 'text', party_count: 'int', performance: 'text', prev_disputes: 'int', prev_suicide: 'int', prev_suicide_people: 'int',
  prev_criminal: 'int', prev_criminal_people: 'int', prev_petition: 'int', prev_petition_people: 'int', prev_fight: 'int', prev_fight_people: 'int',
  intake_channel: 'text', intake_number: 'text', intake_received_at: 'text',
  created_by: 'text', created_at: 'text', updated_at: 'text',
};
const columns = Object.keys(pgTypes) as (keyof CaseRow)[];

/** Bulk load for the benchmark: one prepared statement, one transaction per batch. */
export function writeCasesSqlite(sqlite: SQLite.Database, batches: Iterable<StoredCaseFact[]>): number {
  const insert = sqlite.prepare(`insert into cases (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
  const writeBatch = sqlite.transaction((rows: CaseRow[]) => {
    for (const row of rows) insert.run(row);
  });
  let n = 0;
  for (const batch of batches) {
    writeBatch(batch.map((c) => storedCaseToRow(c, ++n)));
  }
  return n;
}

export async function writeCaseRowsPostgres(client: pg.ClientBase, rows: CaseRow[]): Promise<void> {
  const params = columns.map((c) => rows.map((r) => r[c]));
  const unnest = columns.map((c, i) => `$${i + 1}::${pgTypes[c]}[]`).join(', ');
  await client.query(`insert into cases (${columns.join(', ')}) select * from unnest(${unnest})`, params);
}
