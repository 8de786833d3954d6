import type { Kysely } from 'kysely';
import type { CaseRow, Database } from '../db/index.js';

/** A change to one stored case (the one at `at` of a test's pool), as a correction, a deletion, a restore or a purge could make it. */
export type CaseChange = { op: 'edit' | 'delete' | 'restore' | 'purge' | 'touch'; at: number };

/**
 * Applies `changes` in order to the cases table, each as its own update or delete, as the rollup property tests
 * replay them, and keeps `cases` (id → the test's state of that case) in step; a purged case leaves the map and
 * later changes to it are skipped. `next` gives a case's state after an edit, deletion, restore or touch; a touch
 * writes only the document, so the update trigger's condition (no counted column changed) is exercised.
 */
export async function replayCaseChanges<S, C extends CaseChange>(
  db: Kysely<Database>,
  cases: Map<string, S>,
  changes: readonly C[],
  step: { idAt: (at: number) => string; next: (state: S, change: C) => S; rowOf: (state: S, at: number) => CaseRow },
): Promise<void> {
  for (const ch of changes) {
    const id = step.idAt(ch.at);
    const now = cases.get(id);
    if (now === undefined) continue; // purged
    if (ch.op === 'purge') {
      await db.deleteFrom('cases').where('id', '=', id).execute();
      cases.delete(id);
      continue;
    }
    const next = step.next(now, ch);
    const { id: _id, ...row } = step.rowOf(next, ch.at);
    await db.updateTable('cases').set(ch.op === 'touch' ? { doc: row.doc, version: 2 } : row).where('id', '=', id).execute();
    cases.set(id, next);
  }
}
