import type { Kysely, Migration } from 'kysely';

/**
 * Case numbers (案号). `case_number_series` holds each yearly series' last running number; the server takes the next
 * one in the transaction that first accepts a case, so a rolled-back create gives its number back and no gap
 * appears. `case_numbers` records every number ever given (final, provisional from a phone, or imported from a
 * ledger) with its case: a number is never given twice (unique), stays with its case after a deletion, and every
 * value of a series up to its last one names the case that took it. `case_number_formats` is each body's format.
 */
export const caseNumbersMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('case_number_series')
      .addColumn('series_key', 'text', (c) => c.primaryKey())
      .addColumn('last_value', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('case_numbers')
      .addColumn('case_no', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      /** 'final' | 'provisional' | 'imported' */
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('series_key', 'text')
      .addColumn('value', 'integer')
      .addColumn('assigned_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_numbers_case').on('case_numbers').columns(['case_id']).execute();
    await db.schema.createIndex('case_numbers_series_value').unique().on('case_numbers').columns(['series_key', 'value']).execute();
    await db.schema
      .createTable('case_number_formats')
      .addColumn('node_id', 'text', (c) => c.primaryKey())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('short_name', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
