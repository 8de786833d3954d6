import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { ledgerColumns, type LedgerKey } from './ledger-format.js';

const YEAR = 2021;
const headers = ledgerColumns.map((c) => c.header);

type Row = Partial<Record<LedgerKey, string | number>>;
const good = (over: Row): Row => ({
  gridId: 'g01',
  type: '邻里',
  source: '主动调解',
  risk: '一般',
  isGroup: '否',
  peopleInvolved: 2,
  reportedOn: `${YEAR}-03-01`,
  acceptedOn: `${YEAR}-03-02`,
  facts: '楼上漏水引发邻里纠纷',
  applicant: '张三丰',
  applicantPhone: '13812345678',
  respondent: '李四',
  ...over,
});
const concluded = (over: Row): Row =>
  good({ concludedOn: `${YEAR}-03-20`, outcome: '调解成功', resolvedLevel: '网格', body: '网格员', agreementForm: '书面协议', agreementAmount: 1500, courtConfirmation: '未申请', followUps: 2, ...over });

/** Lines 2–6 are good, 7–11 are bad (line 1 is the header). */
const ledgerRows: Row[] = [
  concluded({ caseNo: 'QH-2021-001' }),
  concluded({ caseNo: 'QH-2021-002', gridId: '', gridName: '东湖社区第2网格', type: 'property_management', resolvedLevel: '社区(村)', body: '村(社区)人民调解委员会', followUps: 0, agreementForm: '口头协议', agreementAmount: '' }),
  good({ caseNo: 'QH-2021-003', gridId: 'g05', acceptedOn: '2021/7/8', reportedOn: '2021年7月8日', isGroup: '是', peopleInvolved: 8 }),
  concluded({ caseNo: 'QH-2021-004', outcome: '调解不成', agreementForm: '', agreementAmount: '', courtConfirmation: '', followUps: 0, resolvedLevel: '街道(乡镇)', body: '街道(乡镇)人民调解委员会' }),
  concluded({ caseNo: 'QH-2021-005', acceptedOn: `${YEAR - 1}-12-31`, reportedOn: `${YEAR - 1}-12-30`, concludedOn: `${YEAR}-01-05`, followUps: 0 }),
  // bad rows
  good({ caseNo: 'QH-2021-006', acceptedOn: '2021-13-01' }),
  good({ caseNo: 'QH-2021-007', applicantPhone: '1381234' }),
  good({ caseNo: 'QH-2021-008', type: '吵架' }),
  good({ caseNo: 'QH-2021-009', gridId: 'nope' }),
  concluded({ caseNo: 'QH-2021-010', outcome: '', resolvedLevel: '', applicant: '张*', applicantPhone: '138****5678' }),
];

function csvOf(rows: Row[]): string {
  const cell = (v: unknown) => {
    const s = String(v ?? '');
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[headers, ...rows.map((r) => ledgerColumns.map((c) => r[c.key] ?? ''))].map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}

interface ImportBody {
  total: number;
  created: number;
  completed: number;
  unchanged: number;
  rejected: number;
  rows: { line: number; caseNo: string | null; status: string; caseId: string | null; issues: { column: string; field: string; code: string; message: string }[] }[];
}

describe.each(testDatabases())('ledger import on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
  });
  afterEach(async () => store.close());

  const importCsv = async (token: string, text: string) =>
    ctx.app.request('/api/reports/import/ledger', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: text });
  const importMultipart = async (token: string, bytes: ArrayBuffer, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    return ctx.app.request('/api/reports/import/ledger', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };
  const maxSeq = async () => Number((await sql<{ s: number | null }>`select max(seq) as s from change_log`.execute(store.db)).rows[0]?.s ?? 0);
  const caseCount = async () => Number((await sql<{ n: number }>`select count(*) as n from cases`.execute(store.db)).rows[0]?.n);

  it('takes the good rows through the sync path and reports each bad row with its line, column and reason', async () => {
    const token = await ctx.login('street');
    const res = await importCsv(token, csvOf(ledgerRows));
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImportBody;
    expect(body).toMatchObject({ total: 10, created: 5, unchanged: 0, rejected: 5 });
    expect(body.rows.filter((r) => r.status === 'created').map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    const bad = Object.fromEntries(body.rows.filter((r) => r.status === 'rejected').map((r) => [r.line, r.issues]));
    expect(bad[7]).toEqual([
      { column: '受理日期', field: 'acceptedOn', code: 'DATE_FORMAT', message: '日期格式应为 年-月-日', messages: { 'zh-CN': '日期格式应为 年-月-日', en: 'Dates are written YYYY-MM-DD' } },
    ]);
    expect(bad[8]).toMatchObject([{ column: '申请人电话', field: 'applicantPhone', code: 'PHONE_FORMAT', message: '手机号应为11位数字，以13–19开头' }]);
    expect(bad[9]).toMatchObject([{ column: '纠纷类型', code: 'UNKNOWN_VALUE' }]);
    expect(bad[9]![0]!.message).toContain('「吵架」不是可填写的值');
    expect(bad[10]).toMatchObject([{ field: 'gridId', code: 'GRID_NOT_FOUND' }]);
    expect(bad[11]!.map((i) => `${i.field}:${i.code}`).sort()).toEqual(['applicant:MASKED', 'applicantPhone:MASKED', 'outcome:REQUIRED', 'resolvedLevel:REQUIRED']);

    // Written as the sync path writes: a mutation per step on the importer's device stream, each with a seq.
    const muts = await store.db.selectFrom('mutations').select(['name', 'status']).where('device_id', 'like', 'ledger-import.%').execute();
    expect(muts.every((m) => m.status === 'applied')).toBe(true);
    // 5 creates, 4 conclusions, 1 follow-up edit (row 2 has two visits)
    expect(muts.map((m) => m.name).sort()).toEqual([...Array(5).fill('case.create'), 'case.edit', ...Array(4).fill('case.transition')].sort());
    const first = await store.db.selectFrom('cases').selectAll().where('id', '=', body.rows[0]!.caseId!).executeTakeFirstOrThrow();
    expect(first).toMatchObject({ status: 'concluded', outcome: 'success', agreement_form: 'written', follow_up_count: 2, grid_id: 'g01', subdistrict_id: 's1' });
    expect(Number(first.agreement_amount)).toBe(1500);
    expect(JSON.parse(first.personal)).toEqual({ p1: { name: '张三丰', phone: '13812345678' }, p2: { name: '李四' } });
    expect(JSON.parse(first.doc)).toMatchObject({ caseNo: 'QH-2021-001', createdBy: expect.any(String) });
    const open = await store.db.selectFrom('cases').select(['accepted_on', 'reported_on', 'status']).where('id', '=', body.rows[2]!.caseId!).executeTakeFirstOrThrow();
    expect(open).toEqual({ accepted_on: '2021-07-08', reported_on: '2021-07-08', status: 'accepted' });
  });

  it('gives one reason for one bad field, in both UI languages, never zod’s own text', async () => {
    const token = await ctx.login('street');
    // No 发现日期: it would default to the 受理日期, which is wrong; only the 受理日期 is at fault.
    const rows = [good({ caseNo: 'B-1', reportedOn: '', acceptedOn: '2021-13-02' }), good({ caseNo: 'B-2', type: '吵架', reportedOn: '' })];
    const body = (await (await importCsv(token, csvOf(rows))).json()) as ImportBody;
    const [first, second] = body.rows.map((r) => r.issues as (ImportBody['rows'][number]['issues'][number] & { messages: Record<string, string> })[]);
    expect(first!.map((i) => [i.column, i.code])).toEqual([['受理日期', 'DATE_FORMAT']]);
    expect(first![0]!.messages).toEqual({ 'zh-CN': '日期格式应为 年-月-日', en: 'Dates are written YYYY-MM-DD' });
    expect(second!.map((i) => [i.column, i.code])).toEqual([['纠纷类型', 'UNKNOWN_VALUE']]);
    expect(second![0]!.messages.en).toMatch(/^"吵架" is not an accepted value; use one of: .*Neighbour/);
    expect(second![0]!.message).toBe(second![0]!.messages['zh-CN']);
    const all = body.rows.flatMap((r) => r.issues.map((i) => JSON.stringify(i)));
    expect(all.filter((t) => /Invalid input|expected string|received undefined/.test(t))).toEqual([]);
  });

  it('changes nothing when the same file is imported again: every row already present, no new case, no new seq', async () => {
    const token = await ctx.login('street');
    const text = csvOf(ledgerRows.slice(0, 5));
    const first = (await (await importCsv(token, text)).json()) as ImportBody;
    expect(first.created).toBe(5);
    const [seq, count] = [await maxSeq(), await caseCount()];
    const again = (await (await importCsv(token, text)).json()) as ImportBody;
    expect(again).toMatchObject({ total: 5, created: 0, completed: 0, unchanged: 5, rejected: 0 });
    expect(again.rows.map((r) => r.caseId)).toEqual(first.rows.map((r) => r.caseId));
    expect(await maxSeq()).toBe(seq);
    expect(await caseCount()).toBe(count);
    // The same file as XLSX yields the same case ids, so it is also "already present".
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('台账');
    sheet.addRow(headers);
    for (const r of ledgerRows.slice(0, 5)) sheet.addRow(ledgerColumns.map((c) => r[c.key] ?? ''));
    const asXlsx = (await (await importMultipart(token, await wb.xlsx.writeBuffer(), 'ledger.xlsx')).json()) as ImportBody;
    expect(asXlsx).toMatchObject({ total: 5, created: 0, unchanged: 5 });
    expect(await maxSeq()).toBe(seq);
  });

  it('refuses grids outside the importer’s area row by row, and refuses grid workers altogether', async () => {
    const community = await ctx.login('community01'); // c1: g01–g03
    const rows = [good({ caseNo: 'A-1', gridId: 'g02' }), good({ caseNo: 'A-2', gridId: 'g05' }), good({ caseNo: 'A-3', gridId: '', gridName: '西苑社区第4网格' })];
    const body = (await (await importCsv(community, csvOf(rows))).json()) as ImportBody;
    expect(body.rows.map((r) => r.status)).toEqual(['created', 'rejected', 'rejected']);
    expect(body.rows[1]!.issues[0]).toMatchObject({ field: 'gridId', code: 'GRID_NOT_FOUND' });
    expect(body.rows[1]!.issues[0]!.message).toContain('不在您的管辖范围内');
    expect(body.rows[2]!.issues[0]).toMatchObject({ field: 'gridName', code: 'GRID_NOT_FOUND' });
    expect(await caseCount()).toBe(1);

    const worker = await ctx.login('grid01');
    const refused = await importCsv(worker, csvOf(rows.slice(0, 1)));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ROLE_NOT_ALLOWED');
    expect(await caseCount()).toBe(1);
  });

  it('rejects a file that is not a ledger, and a duplicate row inside one file', async () => {
    const token = await ctx.login('street');
    const notLedger = await importCsv(token, 'a,b,c\n1,2,3\n');
    expect(notLedger.status).toBe(400);
    expect(((await notLedger.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('表头') });
    const dup = (await (await importCsv(token, csvOf([good({ caseNo: 'D-1' }), good({ caseNo: 'D-1', facts: '又一次' })]))).json()) as ImportBody;
    expect(dup.rows.map((r) => r.status)).toEqual(['created', 'rejected']);
    expect(dup.rows[1]!.issues[0]).toMatchObject({ field: 'caseNo', code: 'DUPLICATE', message: '与第2行是同一案件（网格与案件编号相同）' });
  });

  it('puts the imported cases into the annual report figures', async () => {
    const token = await ctx.login('street');
    const before = (await (await ctx.request('GET', `/api/reports/annual?year=${YEAR}`, { token })).json()) as AnnualBody;
    await importCsv(token, csvOf(ledgerRows));
    const after = (await (await ctx.request('GET', `/api/reports/annual?year=${YEAR}`, { token })).json()) as AnnualBody;
    const d = (f: (b: AnnualBody) => number) => f(after) - f(before);
    // Accepted in 2021: rows 2–5; row 6 was accepted on 31 Dec 2020 and concluded in 2021 (carried over).
    expect(d((b) => b.live.current.accepted)).toBe(4);
    expect(d((b) => b.live.current.carriedOver)).toBe(1);
    expect(d((b) => b.live.current.concluded)).toBe(4);
    expect(d((b) => b.live.current.mediated)).toBe(4);
    expect(d((b) => b.live.current.succeeded)).toBe(3);
    expect(d((b) => b.live.current.openAtYearEnd)).toBe(1);
    expect(d((b) => b.live.current.groupDisputes)).toBe(1);
    expect(d((b) => b.live.current.agreements.written)).toBe(2);
    expect(d((b) => b.live.current.agreements.oral)).toBe(1);
    expect(d((b) => b.live.current.agreements.amount)).toBe(3000);
    expect(d((b) => b.live.current.agreements.followUpVisits)).toBe(2);
    // Level shares count successful resolutions: the failed row resolved at sub-district adds none.
    const level = (b: AnnualBody, k: string) => b.live.current.byLevel.find((l) => l.key === k)?.resolved ?? 0;
    expect([level(after, 'grid') - level(before, 'grid'), level(after, 'community') - level(before, 'community'), level(after, 'subdistrict') - level(before, 'subdistrict')]).toEqual([2, 1, 0]);
  });
});

interface AnnualBody {
  live: {
    current: {
      accepted: number;
      carriedOver: number;
      concluded: number;
      mediated: number;
      succeeded: number;
      openAtYearEnd: number;
      groupDisputes: number;
      agreements: { written: number; oral: number; amount: number; followUpVisits: number };
      byLevel: { key: string; resolved: number }[];
    };
  };
}
