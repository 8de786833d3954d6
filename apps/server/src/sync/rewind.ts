import { sql } from 'kysely';
import type { Store } from '../db/index.js';
import { ApiError } from '../http/api-error.js';

/**
 * After a restore to an older point, devices may hold more than the server: a pull cursor past its last seq, and
 * acknowledged mutations it no longer has. Two signs tell the server so, before it answers as if nothing happened:
 * - the device's history id (sent back from an earlier answer) differs from the server's: every restore replaces it;
 * - a pull cursor beyond the server's last seq (devices that never sent a history id): a cursor only ever names a
 *   committed seq, so it cannot be ahead of a server that was not rewound.
 * The answer is 409 SERVER_REWOUND. The device then (1) pulls again from cursor 0, so it drops nothing the server
 * still has and learns what it lost, and (2) pushes its outbox from the id the server expects (the push answer's
 * `gap.expectedId`), which needs acknowledged outbox entries kept until the device has seen them in a pull after a
 * backup could have taken them (a later backup's age; see docs/PRODUCTION.md). Mutations are applied once per
 * (device, id), so re-sending what the server still has is harmless.
 */
export async function assertNotRewound(store: Store, claim: { historyId?: string | undefined; cursor?: number }): Promise<string> {
  const current = await historyIdOf(store);
  if (claim.historyId !== undefined && claim.historyId !== current) {
    throw new ApiError(409, 'SERVER_REWOUND', 'the server was restored to an earlier point: pull again from cursor 0, then push from the id the server expects');
  }
  if (claim.cursor !== undefined && claim.cursor > 0) {
    const last = await lastSeq(store);
    if (claim.cursor > last) {
      throw new ApiError(409, 'SERVER_REWOUND', `cursor ${claim.cursor} is past the server's last change ${last}: the server was restored to an earlier point; pull again from cursor 0`);
    }
  }
  return current;
}

// Read once per store: the id changes only while the server is stopped (restore, mark-restored).
const cache = new WeakMap<Store['db'], Promise<string>>();

export function historyIdOf(store: Store): Promise<string> {
  let id = cache.get(store.db);
  if (!id) {
    id = store.db
      .selectFrom('server_meta')
      .select('value')
      .where('key', '=', 'history_id')
      .executeTakeFirst()
      .then((r) => r?.value ?? 'none');
    id.catch(() => cache.delete(store.db));
    cache.set(store.db, id);
  }
  return id;
}

/** Gives the database a new history id (after a pg_restore; the SQLite restore command does this itself). */
export async function markRestored(store: Store, id: string): Promise<void> {
  await sql`insert into server_meta (key, value) values ('history_id', ${id}) on conflict (key) do update set value = excluded.value`.execute(store.db);
  cache.delete(store.db);
}

/** The last seq taken: SQLite derives it from the change log (sync/sequence.ts), PostgreSQL keeps a counter. */
async function lastSeq(store: Store): Promise<number> {
  if (store.dialect === 'sqlite') {
    const row = await store.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }
  const row = await store.db.selectFrom('sync_counter').select('value').where('id', '=', 1).executeTakeFirst();
  return Number(row?.value ?? 0);
}
