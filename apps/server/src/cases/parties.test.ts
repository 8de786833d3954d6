import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';

// 911156198501010012: the issue's 2023 permanent-residence card (check digit 2 by MOD 11-2).
// 91110105MA01ABCD13: a made-up credit code whose check character 3 was computed by the GB 32100 rule.
const foreigner = {
  id: 'p1',
  role: 'applicant',
  kind: 'person',
  sex: 'male',
  age: 41,
  personal: { name: 'John Smith', idType: 'foreign_permanent', idNumber: '911156198501010012', phone: '+44 20 7946 0958' },
};
const company = {
  id: 'p2',
  role: 'respondent',
  kind: 'organisation',
  personal: { name: '清河物业服务有限公司', creditCode: '91110105MA01ABCD13', contactName: '王经理', phone: '010-84721234' },
};
const newCase = (id: string, parties: Record<string, unknown>) => ({
  case: { id, gridId: 'g01', type: 'property_management', source: 'party_applied', facts: '物业费争议', reportedOn: '2026-11-01', acceptedOn: '2026-11-01', parties },
});

describe.each(testDatabases())('parties on $name', ({ create }) => {
  let store: Store;
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    store = await create();
    ctx = await createTestContext(store);
    token = await ctx.login('grid01');
  }, 60_000);
  afterAll(() => store.close());

  it('stores a foreign resident and a company: kinds in the document, every number and phone in the personal column', async () => {
    const res = await ctx.request('POST', '/api/cases', { token, body: newCase('parties-1', { p1: foreigner, p2: company }) });
    expect(res.status).toBe(200);
    const row = await store.db.selectFrom('cases').select(['doc', 'personal']).where('id', '=', 'parties-1').executeTakeFirstOrThrow();
    const doc = JSON.parse(row.doc) as { parties: Record<string, unknown> };
    expect(doc.parties).toEqual({
      p1: { id: 'p1', role: 'applicant', kind: 'person', sex: 'male', age: 41 },
      p2: { id: 'p2', role: 'respondent', kind: 'organisation' },
    });
    for (const secret of ['911156198501010012', '91110105MA01ABCD13', '84721234', 'John', '王经理']) expect(row.doc).not.toContain(secret);
    expect(JSON.parse(store.personal.open(row.personal))).toEqual({
      p1: { name: 'John Smith', idType: 'foreign_permanent', idNumber: '911156198501010012', phone: '+442079460958' },
      p2: company.personal,
    });
    const read = (await (await ctx.request('GET', '/api/cases/parties-1', { token })).json()) as { parties: Record<string, unknown> };
    // The grid worker handling the case keeps the phones; the document number comes masked, with its keyed hash.
    expect(read.parties).toEqual({
      p1: { ...foreigner, personal: { name: 'John Smith', idType: 'foreign_permanent', idNumberMasked: '911156********0012', idHash: expect.any(String), phone: '+442079460958', phoneHash: expect.any(String) } },
      p2: { ...company, personal: { ...company.personal, phoneHash: expect.any(String) } },
    });
  });

  it('refuses the 2023 card typed as a resident ID, naming the rule', async () => {
    const res = await ctx.request('POST', '/api/cases', {
      token,
      body: newCase('parties-2', { p1: { ...foreigner, personal: { ...foreigner.personal, idType: 'resident_id' } } }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { path: string; code: string }[] } };
    expect(body.error.issues).toContainEqual(expect.objectContaining({ path: 'case.parties.p1.personal.idNumber', code: 'ID_REGION' }));
  });

  it('reads parties stored before kinds and document types as 居民身份证 natural persons, and keeps them through an edit', async () => {
    const res = await ctx.request('POST', '/api/cases', { token, body: newCase('parties-3', { p1: foreigner }) });
    expect(res.status).toBe(200);
    // Rewrite the row as the store held it before this change: no kind in the document, no idType in personal.
    await store.db
      .updateTable('cases')
      .set({
        doc: JSON.stringify({ ...JSON.parse((await store.db.selectFrom('cases').select('doc').where('id', '=', 'parties-3').executeTakeFirstOrThrow()).doc), parties: { p1: { id: 'p1', role: 'applicant', sex: 'female', age: 76 } } }),
        personal: JSON.stringify({ p1: { name: '王秀英', idNumber: '11010519491231002X', phone: '13800138000' } }),
      })
      .where('id', '=', 'parties-3')
      .execute();
    const expected = {
      id: 'p1',
      role: 'applicant',
      kind: 'person',
      sex: 'female',
      age: 76,
      personal: { name: '王秀英', idType: 'resident_id', idNumberMasked: '110105********002X', idHash: expect.any(String), phone: '13800138000', phoneHash: expect.any(String) },
    };
    const read = (await (await ctx.request('GET', '/api/cases/parties-3', { token })).json()) as { parties: Record<string, unknown>; version: number };
    expect(read.parties).toEqual({ p1: expected });
    const edit = await ctx.request('POST', '/api/cases/parties-3/edit', { token, body: { changes: { facts: '物业费争议,已约谈' } } });
    expect(edit.status).toBe(200);
    const after = (await (await ctx.request('GET', '/api/cases/parties-3', { token })).json()) as { parties: Record<string, unknown>; facts: string };
    expect(after).toMatchObject({ facts: '物业费争议,已约谈', parties: { p1: expected } });
    const stored = await store.db.selectFrom('cases').select('personal').where('id', '=', 'parties-3').executeTakeFirstOrThrow();
    expect(JSON.parse(store.personal.open(stored.personal)).p1).toEqual({ name: '王秀英', idType: 'resident_id', idNumber: '11010519491231002X', phone: '13800138000' });
  });
});
