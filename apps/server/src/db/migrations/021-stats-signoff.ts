import type { Kysely, Migration } from 'kysely';

/**
 * Sign-off of the people's-mediation statistics tables per unit and period (issue 17 §1), versioned like the annual
 * report's (report_signoffs): each sign-off stores the tables exactly as signed, with their footnote and who signs
 * them (负责人, 制表人, 填报日期); later case changes never alter a stored version.
 *
 * Also the index the server's escalation sweep (risk/escalation-sweep.ts) reads every minute: open cases of the grades
 * that escalate themselves, found without scanning every case.
 */
export const statsSignoffMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('stats_signoffs')
      .addColumn('node_id', 'text', (c) => c.notNull())
      /** '2025', '2025-Q2' or '2025-03' (parseStatsPeriod). */
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      /** The MediationStats (zh-CN and en, footnote included) exactly as signed, JSON. */
      .addColumn('stats', 'text', (c) => c.notNull())
      .addColumn('head', 'text', (c) => c.notNull())
      .addColumn('preparer', 'text', (c) => c.notNull())
      .addColumn('report_date', 'text', (c) => c.notNull())
      .addColumn('signed_by', 'text', (c) => c.notNull())
      .addColumn('signed_by_name', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addPrimaryKeyConstraint('stats_signoffs_pk', ['node_id', 'period', 'version'])
      .execute();
    await db.schema.createIndex('cases_risk_status').on('cases').columns(['risk', 'status']).execute();
  },
};
