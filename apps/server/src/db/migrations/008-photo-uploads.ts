import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Uploads belong to their uploader: one row per (photo, account) in `photo_uploads`, so that nobody can append to
 * another account's upload or pre-register a hash with a wrong size. `photos` keeps one row per verified photo
 * (its first verified uploader in `uploaded_by`); the rows of uploads still in progress move to `photo_uploads`
 * (their staged bytes are not carried over: such an upload starts again from 0, as after a hash mismatch).
 */
export const photoUploadsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('photo_uploads')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('complete', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('photo_uploads_pk', ['sha256', 'user_id'])
      .execute();
    await sql`insert into photo_uploads (sha256, user_id, size, mime, complete, created_at)
      select sha256, uploaded_by, size, mime, complete, created_at from photos`.execute(db);
    await sql`delete from photos where complete = 0`.execute(db);
  },
};
