import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { messageFor } from '@tiaojie/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { foldChanges, newCaseArgs, syncClient } from '../sync/sync-test-kit.js';
import type { AuthContext } from '../http/app-env.js';
import { findUserByUsername } from '../auth/users.js';
import { ledgerColumns, type LedgerKey } from './ledger-format.js';
import { importLedger } from './ledger-import.js';
import { createApp } from '../app.js';
import { createDrain } from '../lifecycle/drain.js';
import { createMetrics } from '../observability/metrics.js';

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

interface Job {
  jobId: string;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  result: ImportBody | null;
  error: { code: string; message: string } | null;
}

interface ImportBody {
  total: number;
  created: number;
  completed: number;
  updated: number;
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

  const startCsv = async (token: string, text: string) =>
    ctx.app.request('/api/reports/import/ledger', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: text });
  const pollJob = async (token: string, jobId: string) => (await ctx.request('GET', `/api/reports/import/ledger/jobs/${jobId}`, { token })).json() as Promise<Job>;
  /** Waits for the job a 202 started and answers its result as the import's answer (other answers pass through). */
  const finished = async (token: string, started: Response): Promise<Response> => {
    if (started.status !== 202) return started;
    let job = (await started.json()) as Job;
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 2));
      job = await pollJob(token, job.jobId);
    }
    return Response.json(job.state === 'done' ? job.result : job.error, { status: job.state === 'done' ? 200 : 500 });
  };
  const importCsv = async (token: string, text: string) => finished(token, await startCsv(token, text));
  const importMultipart = async (token: string, bytes: ArrayBuffer, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    return finished(token, await ctx.app.request('/api/reports/import/ledger', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }));
  };
  const maxSeq = async () => Number((await sql<{ s: number | null }>`select max(seq) as s from change_log`.execute(store.db)).rows[0]?.s ?? 0);
  const authOf = async (username: string): Promise<AuthContext> => {
    const found = await findUserByUsername(store.db, username);
    return { user: found!.user, tokenId: 'test', deviceId: 'test' };
  };
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
    expect(bad[8]).toMatchObject([{ column: '申请人电话', field: 'applicantPhone', code: 'PHONE_FORMAT', message: messageFor('PHONE_FORMAT') }]);
    expect(bad[9]).toMatchObject([{ column: '纠纷类型', code: 'UNKNOWN_VALUE' }]);
    expect(bad[9]![0]!.message).toContain('「吵架」不是可填写的值');
    expect(bad[10]).toMatchObject([{ field: 'gridId', code: 'GRID_NOT_FOUND' }]);
    expect(bad[11]!.map((i) => `${i.field}:${i.code}`).sort()).toEqual(['applicant:MASKED', 'applicantPhone:MASKED', 'outcome:REQUIRED', 'resolvedLevel:REQUIRED']);

    // Written as the sync path writes: a mutation per step on the importer's device stream, each with a seq.
    const muts = await store.db.selectFrom('mutations').select(['name', 'status']).where('device_id', 'like', 'ledger-import.%').execute();
    expect(muts.every((m) => m.status === 'applied')).toBe(true);
    // 5 creates, 4 conclusions, 2 escalations (rows resolved at 社区 and 街道 go there first), 1 follow-up edit (row 2 has two visits)
    expect(muts.map((m) => m.name).sort()).toEqual([...Array(5).fill('case.create'), 'case.edit', ...Array(6).fill('case.transition')].sort());
    const levels = await store.db.selectFrom('cases').select(['resolved_level', 'handling_level']).where('resolved_level', 'is not', null).execute();
    for (const l of levels) expect(l.resolved_level).toBe(l.handling_level);
    expect(levels.map((l) => l.resolved_level).sort()).toEqual(['community', 'grid', 'grid', 'subdistrict']);
    const first = await store.db.selectFrom('cases').selectAll().where('id', '=', body.rows[0]!.caseId!).executeTakeFirstOrThrow();
    expect(first).toMatchObject({ status: 'concluded', outcome: 'success', agreement_form: 'written', follow_up_count: 2, grid_id: 'g01', subdistrict_id: 's1' });
    expect(Number(first.agreement_amount)).toBe(1500);
    // Parties from a ledger are natural persons; their document type, unknown, reads as the default 居民身份证.
    expect(JSON.parse(store.personal.open(first.personal))).toEqual({ p1: { name: '张三丰', idType: 'resident_id', phone: '13812345678' }, p2: { name: '李四', idType: 'resident_id' } });
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
    expect(again).toMatchObject({ total: 5, created: 0, completed: 0, updated: 0, unchanged: 5, rejected: 0 });
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

  it('runs as a background job: 202 with a job id, progress, the result; other requests are answered meanwhile; only its starter sees it', async () => {
    const token = await ctx.login('street');
    const rows = Array.from({ length: 120 }, (_, i) => concluded({ caseNo: `J-${i}` }));
    const started = await startCsv(token, csvOf(rows));
    expect(started.status).toBe(202);
    const job = (await started.json()) as Job;
    expect(job).toMatchObject({ state: 'running', done: 0, total: 120, result: null });
    expect(started.headers.get('location')).toBe(`/api/reports/import/ledger/jobs/${job.jobId}`);
    // Served while the import runs (before, the whole import ran before any other request got in).
    const health = await ctx.request('GET', '/api/health');
    expect(health.status).toBe(200);
    const during = await pollJob(token, job.jobId);
    expect(during.state).toBe('running');
    expect(during.done).toBeLessThan(120);
    // One import per user at a time.
    const second = await startCsv(token, csvOf(rows.slice(0, 1)));
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('IMPORT_BUSY');
    // Another account cannot see it.
    const other = await ctx.login('district');
    expect((await ctx.request('GET', `/api/reports/import/ledger/jobs/${job.jobId}`, { token: other })).status).toBe(404);
    const seen: number[] = [during.done];
    let state = during;
    while (state.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 2));
      state = await pollJob(token, job.jobId);
      seen.push(state.done);
    }
    expect(state).toMatchObject({ state: 'done', done: 120, total: 120, error: null, result: { total: 120, created: 120, rejected: 0 } });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await caseCount()).toBe(120);
  });

  it('refuses a file over the limits with its code before starting a job', async () => {
    const token = await ctx.login('street');
    const tooLarge = await startCsv(token, `${headers.join(',')}\n${'\n'.repeat(10 * 1024 * 1024)}`);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'LEDGER_TOO_LARGE', message: expect.stringContaining('10 MB') });
    const tooMany = await startCsv(token, `${headers.join(',')}\n${'\n'.repeat(60_000)}`);
    expect(tooMany.status).toBe(413);
    expect(((await tooMany.json()) as { error: { code: string } }).error.code).toBe('LEDGER_TOO_MANY_ROWS');
    expect(await caseCount()).toBe(0);
  });

  it('imports again after an import stopped half-way (as by a crash): nothing doubled, every row in', async () => {
    const token = await ctx.login('street');
    const rows = Array.from({ length: 40 }, (_, i) => concluded({ caseNo: `K-${i}` }));
    const bytes = new TextEncoder().encode(csvOf(rows));
    const auth = await authOf('street');
    const stop = new AbortController();
    await expect(importLedger({ store }, auth, bytes, { signal: stop.signal, onProgress: (done) => done >= 16 && stop.abort(new Error('crash')) })).rejects.toThrow('crash');
    const half = await caseCount();
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(40);
    const again = (await (await importCsv(token, csvOf(rows))).json()) as ImportBody;
    expect(again.rejected).toBe(0);
    expect(again.created).toBe(40 - half);
    expect(again.unchanged + again.completed).toBe(half);
    expect(await caseCount()).toBe(40);
    const followUps = await store.db.selectFrom('cases').select(['follow_up_count', 'status']).execute();
    expect(followUps.every((c) => Number(c.follow_up_count) === 2 && c.status === 'concluded')).toBe(true);
  });

  it('a shutdown waits for a running import’s current group, which stops it; the metrics count the job', async () => {
    const metrics = createMetrics();
    const drain = createDrain();
    const app = createApp({ store, config: ctx.config, metrics, drain, peerAddress: () => '192.0.2.1' });
    const token = await ctx.login('street');
    const rows = Array.from({ length: 200 }, (_, i) => concluded({ caseNo: `S-${i}` }));
    const started = await app.request('/api/reports/import/ledger', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csvOf(rows) });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as Job;
    // The shutdown comes once the job has written a group (and is writing the next).
    let job: Job;
    do {
      await new Promise((resolve) => setTimeout(resolve, 1));
      job = (await (await app.request(`/api/reports/import/ledger/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Job;
    } while (job.state === 'running' && job.done === 0);
    expect(job).toMatchObject({ state: 'running' });
    expect(drain.inFlight).toBe(1);
    expect(await drain.drain(30_000)).toBe(true);
    expect(drain.inFlight).toBe(0);
    // Stopped between groups: the groups begun are in, whole; not every row. Importing again finishes it (tested above).
    const written = await caseCount();
    expect(written).toBeGreaterThanOrEqual(job.done);
    expect(written).toBeLessThan(200);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^tiaojie_import_jobs_total\{outcome="started"\} 1$/m);
    expect(text).toMatch(/^tiaojie_import_jobs_total\{outcome="failed"\} 1$/m);
  });

  it('corrects a case when a re-imported row differs: recorded as edits by the importer, carried by the pull', async () => {
    const token = await ctx.login('street');
    const first = (await (await importCsv(token, csvOf([concluded({ caseNo: 'C-1' })]))).json()) as ImportBody;
    const caseId = first.rows[0]!.caseId!;
    const seq = await maxSeq();
    // Concluded earlier than first recorded: the case's two return visits (dated at the first conclusion) stay after it,
    // as the date-order rule wants.
    const corrected = concluded({ caseNo: 'C-1', concludedOn: `${YEAR}-03-18`, outcome: '调解不成', agreementForm: '', agreementAmount: '', courtConfirmation: '', followUps: 0, facts: '楼上漏水,已更正' });
    const again = (await (await importCsv(token, csvOf([corrected]))).json()) as ImportBody;
    expect(again).toMatchObject({ total: 1, updated: 1, unchanged: 0, rejected: 0 });
    expect(again.rows[0]).toMatchObject({ status: 'updated', caseId });
    const row = await store.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'concluded', concluded_on: `${YEAR}-03-18`, outcome: 'failed', agreement_form: null });
    expect(JSON.parse(row.doc)).toMatchObject({ facts: '楼上漏水,已更正' });
    expect(Number(row.seq)).toBeGreaterThan(seq);
    const muts = await store.db.selectFrom('mutations').select(['name', 'status', 'device_id', 'result']).where('seq', '>', seq).orderBy('seq').execute();
    expect(muts.map((m) => [m.name, m.status, m.device_id])).toEqual([
      ['case.edit', 'applied', expect.stringMatching(/^ledger-import\./)],
      ['case.transition', 'applied', expect.stringMatching(/^ledger-import\./)],
      ['case.transition', 'applied', expect.stringMatching(/^ledger-import\./)],
    ]);
    const log = await store.db.selectFrom('change_log').select(['entity_id']).where('seq', '>', seq).execute();
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((l) => l.entity_id === caseId)).toBe(true);
    // A phone of the grid pulls the corrected case.
    const phone = await syncClient(ctx, 'grid01');
    const pulled = foldChanges((await phone.pullAll()).changes).get(`case:${caseId}`) as { outcome: { concludedOn: string; code: string }; facts: string } | undefined;
    expect(pulled).toMatchObject({ outcome: { concludedOn: `${YEAR}-03-18`, code: 'failed' }, facts: '楼上漏水,已更正' });
    // The same corrected file again: nothing more to do.
    const third = (await (await importCsv(token, csvOf([corrected]))).json()) as ImportBody;
    expect(third).toMatchObject({ unchanged: 1, updated: 0 });
  });

  it('matches a case created on a phone by its grid and stored case number: no second case', async () => {
    const phone = await syncClient(ctx, 'grid01');
    const pushed = await phone.push([{ id: 1, name: 'case.create', args: newCaseArgs('phone-case-1', 'g01', { caseNo: 'QH-2021-777', acceptedOn: `${YEAR}-03-02`, reportedOn: `${YEAR}-03-01` }) }]);
    expect(pushed.results[0]!.status).toBe('applied');
    const token = await ctx.login('street');
    const body = (await (await importCsv(token, csvOf([good({ caseNo: 'QH-2021-777' }), good({ caseNo: 'QH-2021-777', gridId: 'g02' })]))).json()) as ImportBody;
    expect(body.rows.map((r) => [r.status, r.caseId === 'phone-case-1'])).toEqual([
      ['unchanged', true],
      ['created', false],
    ]);
    expect(await caseCount()).toBe(2);
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
