import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Risk grades, nil reports and the sub-district's time limits (issue 17 §2, §3).
 * - Old risk codes become grades (一般→蓝, 较大→黄, 重大→橙) in the column the reports count, and in the stored
 *   document too (JSON.stringify writes `"risk":"…"` without spaces, so a text replace is exact). The schema
 *   still reads old codes, so a phone's IndexedDB and an older phone's push need no migration.
 * - nil_reports: one per grid and period (a month, 'YYYY-MM'); filed offline on the phone and synced as a mutation.
 * - risk_limit_settings: a sub-district's own time limit per grade (JSON); defaults in @tiaojie/domain.
 */
export async function rewriteOldRiskCodes(db: Kysely<unknown>): Promise<void> {
  for (const [from, to] of [['general', 'blue'], ['major', 'yellow'], ['serious', 'orange']] as const) {
    await sql`update cases set risk = ${to}, doc = replace(doc, ${`"risk":"${from}"`}, ${`"risk":"${to}"`}) where risk = ${from}`.execute(db);
  }
}

export const riskGradesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await rewriteOldRiskCodes(db);
    await db.schema
      .createTable('nil_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('grid_id', 'text', (c) => c.notNull())
      .addColumn('scope_path', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('filed_by', 'text', (c) => c.notNull())
      .addColumn('filed_at', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('nil_reports_grid_period').unique().on('nil_reports').columns(['grid_id', 'period']).execute();
    await db.schema.createIndex('nil_reports_scope_period').on('nil_reports').columns(['period', 'scope_path']).execute();
    await db.schema
      .createTable('risk_limit_settings')
      .addColumn('node_id', 'text', (c) => c.primaryKey())
      .addColumn('limits', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
