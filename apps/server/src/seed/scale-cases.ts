import { addDays, newCaseSchema, type DisputeCase, type DisputeType } from '@tiaojie/domain';
import { createCaseDocument } from '@tiaojie/sync';
import { sql } from 'kysely';
import { caseToColumns } from '../cases/case-row.js';
import { partyNameHashes } from '../cases/party-names.js';
import type { Store } from '../db/index.js';
import type { CaseNumberRow, CasePartyNameRow, CaseRow, ChangeLogRow } from '../db/schema.js';

export interface ScaleSeed {
  /** Cases to add. */
  count: number;
  /** The grids they are spread over, by org path ('/d1/s1/c1/g01/'). */
  gridPaths: string[];
  /** Every n-th case is handled by the grid's sub-district (escalated there); 0: none. */
  subdistrictEvery?: number;
  /** Id prefix, so that several seeds can share a database. */
  prefix?: string;
  /** Last acceptance date; cases go back one day per 20 cases before it. */
  lastAcceptedOn?: string;
}

const types: DisputeType[] = ['neighbour', 'property_management', 'marriage_family', 'contract', 'labour', 'damages', 'traffic', 'consumer'];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const given = ['秀英', '建国', '伟', '芳', '静', '敏', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛'];

/**
 * Adds `count` valid cases fast (for the staff-scale end-to-end test and benchmark): the rows a `case.create` would
 * write — the case (party data sealed like any other), its change-log entry, its case number and name hashes — in
 * batched multi-row inserts, one transaction per batch, without the per-mutation path. Seqs continue the log's.
 * Returns the ids and numbers of the cases handled at a grid and at the sub-district (for tests to pick from).
 */
export async function seedScaleCases(store: Store, seed: ScaleSeed): Promise<{ gridCases: { id: string; caseNo: string }[]; subdistrictCases: { id: string; caseNo: string }[] }> {
  const prefix = seed.prefix ?? 'scale';
  const every = seed.subdistrictEvery ?? 0;
  const last = seed.lastAcceptedOn ?? '2026-11-30';
  const now = new Date().toISOString();
  const top = await store.db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  let seq = Number(top?.seq ?? 0);
  const out = { gridCases: [] as { id: string; caseNo: string }[], subdistrictCases: [] as { id: string; caseNo: string }[] };
  const BATCH = 400;
  for (let start = 0; start < seed.count; start += BATCH) {
    const cases: CaseRow[] = [];
    const logs: ChangeLogRow[] = [];
    const numbers: CaseNumberRow[] = [];
    const names: CasePartyNameRow[] = [];
    for (let i = start; i < Math.min(seed.count, start + BATCH); i++) {
      const gridPath = seed.gridPaths[i % seed.gridPaths.length]!;
      const ids = gridPath.split('/').filter(Boolean);
      const [, subdistrictId, , gridId] = ids as [string, string, string, string];
      const id = `${prefix}-${String(i).padStart(6, '0')}`;
      const acceptedOn = addDays(last, -Math.floor(i / 20));
      const caseNo = `（${acceptedOn.slice(0, 4)}）${subdistrictId}调字第${String(i + 1).padStart(6, '0')}号`;
      const name = `${surnames[i % surnames.length]}${given[Math.floor(i / surnames.length) % given.length]}`;
      const doc = createCaseDocument(
        newCaseSchema.parse({
          id,
          gridId,
          type: types[i % types.length]!,
          source: 'proactive',
          risk: 'general',
          facts: `第${i + 1}件：邻里之间因琐事发生纠纷。`,
          reportedOn: acceptedOn,
          acceptedOn,
          parties: {
            p1: { id: 'p1', role: 'applicant', kind: 'person', sex: 'female', age: 40 + (i % 30), personal: { name, phone: `138${String(i).padStart(8, '0')}` } },
            p2: { id: 'p2', role: 'respondent', kind: 'person', personal: { name: `${surnames[(i + 7) % surnames.length]}某` } },
          },
        }),
        { createdBy: 'seed', createdAt: now },
      ) as DisputeCase;
      doc.caseNo = caseNo;
      const atSubdistrict = every > 0 && i % every === 0;
      if (atSubdistrict) {
        doc.handlingLevel = 'subdistrict';
        doc.handlingNodeId = subdistrictId;
      }
      seq++;
      const columns = caseToColumns(doc, gridPath, {}, false, store.personal);
      cases.push({ ...columns, seq, version: 1, deleted: 0, created_at: now, updated_at: now });
      logs.push({ seq, entity: 'case', entity_id: id, scope_path: columns.scope_path, op: 'upsert' });
      numbers.push({ case_no: caseNo, case_id: id, kind: 'imported', series_key: null, value: null, assigned_at: now });
      for (const name_hash of partyNameHashes(doc, store.personal.hashKey)) names.push({ name_hash, case_id: id });
      (atSubdistrict ? out.subdistrictCases : out.gridCases).push({ id, caseNo });
    }
    await store.db.transaction().execute(async (trx) => {
      // Under SQLite's limit of bound values per statement (the case row has 36 columns).
      for (let k = 0; k < cases.length; k += 200) await trx.insertInto('cases').values(cases.slice(k, k + 200)).execute();
      await trx.insertInto('change_log').values(logs).execute();
      await trx.insertInto('case_numbers').values(numbers).execute();
      await trx.insertInto('case_party_names').values(names).onConflict((oc) => oc.doNothing()).execute();
    });
  }
  if (store.dialect === 'postgres') await sql`update sync_counter set value = greatest(value, ${seq}) where id = 1`.execute(store.db);
  return out;
}
