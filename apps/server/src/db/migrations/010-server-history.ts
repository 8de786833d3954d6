import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * server_meta holds the server's history id: it is set once here and replaced by every restore (the restore
 * command, or `mark-restored` after a pg_restore). Devices send back the one they last saw; a different one
 * means the server went back to an older point and the device must re-pull and re-push (see sync/rewind.ts).
 */
export const serverHistoryMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table if not exists server_meta (key text primary key, value text not null)`.execute(db);
    await sql`insert into server_meta (key, value) values ('history_id', ${randomUUID()})`.execute(db);
  },
};
