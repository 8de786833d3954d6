import type { Store } from '../db/index.js';
import { findNode } from '../org/index.js';
import { takeNextSeq } from '../sync/index.js';
import { assignFinalCaseNumber, caseNumberFormatOf, seriesKeyOf } from './case-numbers.js';

/** Marks in `case_number_series` that cases stored before numbering existed have been numbered (once per database). */
const DONE = '~numbered-existing-cases';

/**
 * Gives every case stored before case numbers existed (no caseNo) its final number, in order of acceptance, each in
 * its own transaction that also takes a sync seq and logs the change, so devices pull the number like any edit.
 * Runs once per database at start; a case that got a number meanwhile is left alone.
 */
export async function numberExistingCases(store: Store): Promise<number> {
  const done = await store.db.selectFrom('case_number_series').select('series_key').where('series_key', '=', DONE).executeTakeFirst();
  if (done) return 0;
  const ids = await store.db
    .selectFrom('cases')
    .select('id')
    .where('deleted', '=', 0)
    .where('doc', 'not like', '%"caseNo":%')
    .orderBy('accepted_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  let numbered = 0;
  for (const { id } of ids) {
    await store.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('cases').selectAll().where('id', '=', id).$if(store.dialect === 'postgres', (q) => q.forUpdate()).executeTakeFirst();
      if (!row || row.deleted) return;
      const doc = JSON.parse(row.doc) as { caseNo?: string; acceptedOn: string };
      if (doc.caseNo) return;
      const body = await findNode(trx, row.subdistrict_id);
      if (!body) return;
      const now = new Date().toISOString();
      doc.caseNo = await assignFinalCaseNumber(trx, {
        caseId: id,
        seriesKey: seriesKeyOf(body.id, row.accepted_on),
        year: row.accepted_on.slice(0, 4),
        format: await caseNumberFormatOf(trx, store.db, body),
        now,
      });
      const seq = await takeNextSeq(trx, store.dialect);
      // The cover's number changed: the file's completeness is judged again at start (fillFileCompleteness).
      await trx.updateTable('cases').set({ doc: JSON.stringify(doc), seq, version: row.version + 1, updated_at: now, file_complete: null }).where('id', '=', id).execute();
      await trx.insertInto('change_log').values({ seq, entity: 'case', entity_id: id, scope_path: row.scope_path, op: 'upsert' }).execute();
      numbered++;
    });
  }
  await store.db.insertInto('case_number_series').values({ series_key: DONE, last_value: numbered }).onConflict((oc) => oc.column('series_key').doNothing()).execute();
  return numbered;
}
