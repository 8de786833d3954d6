import { isCaseFileComplete } from '@tiaojie/domain';
import type { Store } from '../db/index.js';
import { rowToCase } from './case-row.js';

/**
 * Judges the case-file completeness of every row that has none yet (written before the column existed, numbered at
 * start, or bulk-loaded), from the case itself with the same pure rule every write uses. Not a sync change: the
 * value is derived, devices compute it themselves. Runs at start, in pages, each row on its own; a case that cannot
 * be read whole counts as incomplete (its file could not be printed either). Returns how many rows it judged.
 */
export async function fillFileCompleteness(store: Store, pageSize = 500): Promise<number> {
  let judged = 0;
  for (;;) {
    const rows = await store.db.selectFrom('cases').select(['id', 'doc', 'personal']).where('file_complete', 'is', null).orderBy('id').limit(pageSize).execute();
    if (rows.length === 0) return judged;
    for (const row of rows) {
      let complete = false;
      try {
        complete = isCaseFileComplete(rowToCase(row, store.personal));
      } catch {
        complete = false;
      }
      await store.db.updateTable('cases').set({ file_complete: complete ? 1 : 0 }).where('id', '=', row.id).where('file_complete', 'is', null).execute();
      judged++;
    }
  }
}
