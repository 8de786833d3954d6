import type { Kysely, Migration } from 'kysely';

/**
 * Case-file completeness (issue 16): whether every required document of the case's file (卷宗) has its content, as
 * `isCaseFileComplete` of @tiaojie/domain judges it, kept on the row at each write so that sub-district staff can
 * filter lists on it in SQL. 1 complete, 0 not; null for a row written before this column (filled once at start,
 * from the case itself: SQL cannot judge it, and the parties' data it reads are encrypted).
 */
export const fileCompletenessMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('cases').addColumn('file_complete', 'integer').execute();
  },
};
