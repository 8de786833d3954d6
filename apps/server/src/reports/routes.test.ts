import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { makeCase, type CaseFact } from '@tiaojie/report';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../db/index.js';
import { testDatabases } from '../db/test-databases.js';
import { createTestContext, type TestContext } from '../test-support/test-context.js';
import { insertStoredCases, storedCaseToRow, type StoredCaseFact } from './case-rows.js';
import { inDemoGrid } from './test-fixtures.js';

const YEAR = 2021;
const ID_NUMBER = '110105198001011234';

/** 954 mediated (951 succeeded) plus withdrawn cases in s1, two of them with full personal data. */
function wangjingCases(): StoredCaseFact[] {
  const grids = ['g01', 'g02', 'g04', 'g08'];
  const out: StoredCaseFact[] = [];
  for (let i = 0; i < 954; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    out.push(
      inDemoGrid(
        makeCase({
          id: `w${i}`,
          child: grids[i % grids.length]!,
          type: i % 3 ? 'property_management' : 'neighbour',
          acceptedOn: `${YEAR}-${month}-03`,
          concludedOn: `${YEAR}-${month}-21`,
          outcome: i < 951 ? 'success' : 'failed',
          resolvedLevel: i % 5 ? 'grid' : 'community',
          body: i % 5 ? 'grid_worker' : 'community_committee',
          agreementForm: i < 951 ? 'written' : null,
          agreementAmount: i < 951 ? 100 : 0,
        }),
      ),
    );
  }
  for (let i = 0; i < 7; i++) {
    out.push(inDemoGrid(makeCase({ id: `wd${i}`, child: 'g05', acceptedOn: `${YEAR}-07-01`, concludedOn: `${YEAR}-07-02`, outcome: 'withdrawn', resolvedLevel: 'grid', body: 'grid_worker' })));
  }
  out[0]!.caseNo = 'QH-2021-0001';
  out[0]!.roles = { p1: 'applicant', p2: 'respondent' };
  out[0]!.personal = { p1: { name: '张三丰', phone: '13812345678', idNumber: ID_NUMBER }, p2: { name: '欧阳娜娜', phone: '13900001111' } };
  return out;
}

describe.each(testDatabases())('reports API on $name', (database) => {
  let store: Store;
  let ctx: TestContext;
  beforeEach(async () => {
    store = await database.create();
    ctx = await createTestContext(store);
    await insertStoredCases(store.db, wangjingCases());
  });
  afterEach(async () => store.close());

  const annual = async (token: string, query: string) => ctx.request('GET', `/api/reports/annual?${query}`, { token });

  it('gives sub-district staff the figures and the seed sentence with 951 and 954', async () => {
    const token = await ctx.login('street');
    const res = await annual(token, `year=${YEAR}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      report: { node: { id: string }; current: { mediated: number; succeeded: number; concluded: number; successRate: { numerator: number; denominator: number } } };
      text: { zh: { paragraph: string }; en: { paragraph: string } };
      tables: { zh: { title: string }[]; en: { title: string }[] };
      canSignOff: boolean;
    };
    expect(body.status).toBe('draft');
    expect(body.report.node.id).toBe('s1');
    expect(body.report.current).toMatchObject({ mediated: 954, succeeded: 951, concluded: 961 });
    expect(body.report.current.successRate).toMatchObject({ numerator: 951, denominator: 954 });
    expect(body.text.zh.paragraph).toContain('全年调解各类纠纷954件，调解成功951件，成功率99.7%');
    expect(body.text.en.paragraph).toContain('99.7%, 951 of 954');
    // The tables in both languages, the same ones in the same order.
    expect(body.tables.zh.map((t) => t.title)).toContain('按纠纷类型');
    expect(body.tables.en.map((t) => t.title)).toContain('By dispute type');
    expect(body.tables.en).toHaveLength(body.tables.zh.length);
    expect(body.canSignOff).toBe(true);
  });

  it('refuses a grid worker the sub-district report with a stable code, but shows their own grid', async () => {
    const token = await ctx.login('grid01');
    const res = await annual(token, `year=${YEAR}&node=s1`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const xlsx = await ctx.request('GET', `/api/reports/annual/xlsx?year=${YEAR}&node=s1`, { token });
    expect(xlsx.status).toBe(404);
    const own = await annual(token, `year=${YEAR}`);
    expect(own.status).toBe(200);
    const body = (await own.json()) as { report: { current: { accepted: number } }; canSignOff: boolean };
    expect(body.report.current.accepted).toBe(239);
    expect(body.canSignOff).toBe(false);
    expect((await ctx.request('GET', `/api/reports/annual?year=${YEAR}`)).status).toBe(401);
  });

  it('exports an XLSX with the agreed sheets and a masked ledger without ID numbers', async () => {
    const token = await ctx.login('street');
    const res = await ctx.request('GET', `/api/reports/annual/xlsx?year=${YEAR}`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '按类型', '按下级单位', '按月份', '其他分类', '台账']);
    const ledger = wb.getWorksheet('台账')!;
    expect(ledger.rowCount).toBe(1 + 961);
    const cells: string[] = [];
    wb.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => cells.push(String(c.value)))));
    const all = cells.join('\n');
    expect(all).not.toContain(ID_NUMBER);
    expect(all).not.toContain('张三丰');
    expect(all).not.toContain('13812345678');
    const headers = (ledger.getRow(1).values as unknown[]).slice(1);
    const first = Object.fromEntries(headers.map((h, i) => [String(h), ledger.getRow(2).getCell(i + 1).value]));
    expect(first['申请人']).toBe('张**');
    expect(first['申请人电话']).toBe('138****5678');
    expect(first['被申请人']).toBe('欧***');
    expect(first['案件编号']).toBe('QH-2021-0001');
    // A case without an agreement (open, or not settled) shows no amount rather than 0.
    const column = (name: string) => headers.indexOf(name) + 1;
    const amounts = { without: [] as unknown[], with: [] as unknown[] };
    ledger.eachRow((r, i) => {
      if (i > 1) (r.getCell(column('协议形式')).value ? amounts.with : amounts.without).push(r.getCell(column('协议金额（元）')).value);
    });
    expect(amounts.without.length).toBeGreaterThan(0);
    expect(amounts.without.filter((v) => v !== null && v !== '')).toEqual([]);
    expect(amounts.with.every((v) => typeof v === 'number')).toBe(true);
    expect(all).toContain('成功率99.7%');
    const byType = wb.getWorksheet('按类型')!;
    const rows: unknown[][] = [];
    byType.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows.find((r) => r[0] === '合计')?.slice(0, 2)).toEqual(['合计', 961]);
    expect(rows.filter((r) => typeof r[1] === 'number')).toHaveLength(16);
  });

  it('exports CSV and a printable page, neither with ID numbers', async () => {
    const token = await ctx.login('street');
    const csv = await ctx.request('GET', `/api/reports/annual/csv?year=${YEAR}&table=ledger`, { token });
    const text = await csv.text();
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(962);
    expect(text).toContain('张**');
    expect(text).not.toContain(ID_NUMBER);
    const report = await (await ctx.request('GET', `/api/reports/annual/csv?year=${YEAR}`, { token })).text();
    expect(report).toContain('按纠纷类型');
    const print = await ctx.request('GET', `/api/reports/annual/print?year=${YEAR}`, { token });
    const html = await print.text();
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('成功率99.7%');
    expect(html).not.toContain('<script');
  });

  it('lists the cases behind a figure within the viewer’s scope', async () => {
    const token = await ctx.login('street');
    const drill = async (q: string) =>
      (await (await ctx.request('GET', `/api/reports/annual/cases?year=${YEAR}&${q}`, { token })).json()) as { total: number; visible: number; cases: { id: string; outcome: string }[] };
    const failed = await drill('figure=outcome&key=failed');
    expect(failed.total).toBe(3);
    expect(failed.cases.map((c) => c.id).sort()).toEqual(['w951', 'w952', 'w953']);
    const mediated = await drill('figure=mediated&limit=1000');
    expect(mediated.total).toBe(954);
    expect(mediated.cases.every((c) => c.outcome !== 'withdrawn')).toBe(true);
    const c3 = await drill('figure=child&key=c3');
    expect(c3.total).toBe(238);
    // Each case names its community and grid, and its applicants masked as in the exports.
    const listed = (await (await ctx.request('GET', `/api/reports/annual/cases?year=${YEAR}&figure=accepted&limit=1000`, { token })).text());
    const accepted = JSON.parse(listed) as { cases: { gridId: string; gridName: string; communityName: string; applicants: string[] }[] };
    expect(accepted.cases.every((c) => c.gridName !== '' && c.gridName !== c.gridId && c.communityName !== '')).toBe(true);
    expect(accepted.cases.some((c) => c.applicants.includes('张**'))).toBe(true);
    expect(listed).not.toContain('张三丰');
    const community = await ctx.login('community01');
    const res = await ctx.request('GET', `/api/reports/annual/cases?year=${YEAR}&node=s1&figure=accepted`, { token: community });
    expect(res.status).toBe(404);
  });

  it('locks figures at sign-off; a late case shows as an adjustment until the report is re-issued', async () => {
    const community = await ctx.login('community01');
    const refused = await ctx.request('POST', '/api/reports/annual/signoff', { token: community, body: { year: YEAR } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ROLE_NOT_ALLOWED');

    const token = await ctx.login('street');
    const signed = await ctx.request('POST', '/api/reports/annual/signoff', { token, body: { year: YEAR, note: '年度报告' } });
    expect(signed.status).toBe(201);
    expect(((await signed.json()) as { version: number }).version).toBe(1);

    await insertStoredCases(store.db, [
      inDemoGrid(makeCase({ id: 'late', child: 'g03', acceptedOn: `${YEAR}-12-30`, concludedOn: `${YEAR}-12-31`, outcome: 'success', resolvedLevel: 'grid', body: 'grid_worker' })),
    ]);
    type View = {
      status: string;
      signoff: { version: number };
      report: { current: { accepted: number; succeeded: number } };
      live: { current: { accepted: number } };
      adjustments: { path: string; delta: number }[];
      text: { zh: { paragraph: string } };
    };
    const after = (await (await annual(token, `year=${YEAR}`)).json()) as View;
    expect(after.status).toBe('signed');
    expect(after.report.current).toMatchObject({ accepted: 961, succeeded: 951 });
    expect(after.live.current.accepted).toBe(962);
    const adj = Object.fromEntries(after.adjustments.map((a) => [a.path, a.delta]));
    expect(adj.accepted).toBe(1);
    expect(adj.succeeded).toBe(1);
    expect(adj['byType.neighbour.accepted']).toBe(1);
    expect(after.text.zh.paragraph).toContain('调解成功951件');

    const reissued = await ctx.request('POST', '/api/reports/annual/signoff', { token, body: { year: YEAR } });
    expect(((await reissued.json()) as { version: number }).version).toBe(2);
    const v2 = (await (await annual(token, `year=${YEAR}`)).json()) as View;
    expect(v2.signoff.version).toBe(2);
    expect(v2.report.current.accepted).toBe(962);
    expect(v2.adjustments).toEqual([]);
    const versions = (await (await ctx.request('GET', `/api/reports/annual/signoffs?year=${YEAR}`, { token })).json()) as { signoffs: { version: number }[] };
    expect(versions.signoffs.map((s) => s.version)).toEqual([2, 1]);
  });

  /** A case as the sync path stores it when it arrives now: created (and last changed) after anything signed so far. */
  const syncNow = async (fact: CaseFact, caseNo?: string) => {
    const at = new Date(Date.now() + 1000).toISOString();
    await store.db
      .insertInto('cases')
      .values({ ...storedCaseToRow({ ...inDemoGrid(fact), ...(caseNo ? { caseNo } : {}) }), created_at: at, updated_at: at })
      .execute();
  };
  const signOff = async (token: string, year: number) =>
    expect((await ctx.request('POST', '/api/reports/annual/signoff', { token, body: { year } })).status).toBe(201);

  it('compares the next year with the signed figures of a signed-off year, not with what late cases made of them', async () => {
    const token = await ctx.login('street');
    await signOff(token, YEAR);
    // A late case of the signed year (961 signed, 962 live), and the next year's cases.
    await syncNow(makeCase({ id: 'late', child: 'g03', acceptedOn: `${YEAR}-12-30` }));
    await insertStoredCases(
      store.db,
      Array.from({ length: 970 }, (_, i) => inDemoGrid(makeCase({ id: `n${i}`, child: 'g01', acceptedOn: `${YEAR + 1}-05-0${(i % 9) + 1}` }))),
    );
    type Next = {
      report: { previous: { accepted: number }; changes: { accepted: { previous: number; delta: number } } };
      text: { zh: { paragraph: string; basis: string[] }; en: { paragraph: string; basis: string[] } };
      tables: { zh: { id: string; rows: unknown[][] }[] };
    };
    const next = (await (await annual(token, `year=${YEAR + 1}`)).json()) as Next;
    expect(next.report.previous.accepted).toBe(961);
    expect(next.report.changes.accepted).toMatchObject({ previous: 961, delta: 9 });
    expect(next.text.zh.paragraph).toContain(`与${YEAR}年相比，受理纠纷增加9件`);
    expect(next.text.zh.basis.join('')).toContain(`${YEAR}年数字取自该年度已签发报告（第1版`);
    expect(next.text.en.paragraph).toContain(`Compared with ${YEAR}, accepted disputes were up 9`);
    expect(next.tables.zh.find((t) => t.id === 'summary')!.rows[0]!.slice(0, 3)).toEqual(['受理', 970, 961]);
    // Signing the next year keeps that comparison in the signed version.
    await signOff(token, YEAR + 1);
    const signedNext = (await (await annual(token, `year=${YEAR + 1}`)).json()) as Next;
    expect(signedNext.report.previous.accepted).toBe(961);
    // A year after an empty one compares with nothing.
    const first = (await (await annual(token, `year=${YEAR}`)).json()) as Next;
    expect(first.text.zh.paragraph).not.toContain(`与${YEAR - 1}年相比`);
    expect(first.text.en.paragraph).not.toContain(`Compared with ${YEAR - 1}`);
  });

  it('after sign-off: headline adjustments with rates inline, how many cases synced since, and those cases marked in the drill-down', async () => {
    const token = await ctx.login('street');
    await signOff(token, YEAR);
    await syncNow(makeCase({ id: 'late', child: 'g03', acceptedOn: `${YEAR}-12-30`, concludedOn: `${YEAR}-12-31`, outcome: 'success', resolvedLevel: 'grid', body: 'grid_worker' }), 'QH-LATE-1');
    type Line = { path: string; label: string; headline: boolean; signed: string | number; current: string | number; change: string; drill?: { figure: string; key: string } };
    const view = (await (await annual(token, `year=${YEAR}`)).json()) as { syncedAfterSignoff: number; adjustmentLines: { zh: Line[]; en: Line[] } };
    expect(view.syncedAfterSignoff).toBe(1);
    const headline = view.adjustmentLines.zh.filter((l) => l.headline);
    expect(headline.map((l) => l.label)).toEqual(['受理', '办结', '调解', '调解成功', '调解成功率', '化解率']);
    expect(headline[0]).toMatchObject({ signed: 961, current: 962, change: '+1', drill: { figure: 'accepted', key: '' } });
    expect(headline.find((l) => l.path === 'successRate')).toMatchObject({ signed: '99.7% (951/954)', current: '99.7% (952/955)' });
    expect(view.adjustmentLines.zh.map((l) => l.label).filter((l) => /分子|分母/.test(l))).toEqual([]);
    expect(view.adjustmentLines.en[0]!.label).toBe('Accepted');

    type Drill = { total: number; signedAt: string | null; cases: { id: string; caseNo: string | null; afterSignoff: string | null }[] };
    const drill = async (q: string) => (await (await ctx.request('GET', `/api/reports/annual/cases?year=${YEAR}&limit=1000&${q}`, { token })).json()) as Drill;
    const accepted = await drill('figure=accepted');
    expect(accepted.total).toBe(962);
    expect(accepted.signedAt).toEqual(expect.any(String));
    expect(accepted.cases.filter((c) => c.afterSignoff).map((c) => [c.id, c.afterSignoff])).toEqual([['late', 'created']]);
    // A case changed after the sign-off is marked too, as updated.
    await store.db.updateTable('cases').set({ updated_at: new Date(Date.now() + 1000).toISOString() }).where('id', '=', 'w5').execute();
    const late = await drill('figure=ledger&synced=afterSignoff');
    expect(late.cases.map((c) => [c.id, c.afterSignoff]).sort()).toEqual([['late', 'created'], ['w5', 'updated']]);
    expect(late.total).toBe(2);
    // A draft year has no sign-off: nothing is marked and nothing synced after one.
    const draft = (await (await ctx.request('GET', `/api/reports/annual/cases?year=${YEAR + 1}&figure=ledger&synced=afterSignoff`, { token })).json()) as Drill;
    expect(draft).toMatchObject({ total: 0, signedAt: null, cases: [] });
  });

  it('shows a readable 编号 for a case without a case number, and an imported ledger finds the case by it', async () => {
    const token = await ctx.login('street');
    const id = randomUUID();
    await insertStoredCases(store.db, [{ ...inDemoGrid(makeCase({ id, child: 'g02', acceptedOn: `${YEAR}-02-01` })), facts: '楼道堆放杂物引发纠纷' }]);
    const csv = await (await ctx.request('GET', `/api/reports/annual/csv?year=${YEAR}&table=ledger`, { token })).text();
    expect(csv).not.toContain(id);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    const row = lines.find((l) => l.startsWith(`#${id.slice(0, 8)},`));
    expect(row).toBeDefined();
    expect(lines.find((l) => l.startsWith('QH-2021-0001,'))).toBeDefined();
    // Importing that exported row again finds the case it names: nothing new.
    const before = Number((await store.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const res = await ctx.app.request('/api/reports/import/ledger', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: `${lines[0]}\r\n${row}\r\n`,
    });
    expect(res.status).toBe(202);
    let job = (await res.json()) as { jobId: string; state: string; result: { rows: { status: string; issues: unknown[] }[] } | null };
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 2));
      job = (await (await ctx.request('GET', `/api/reports/import/ledger/jobs/${job.jobId}`, { token })).json()) as typeof job;
    }
    expect(job.result!.rows.map((r) => [r.status, r.issues])).toEqual([['unchanged', []]]);
    expect(Number((await store.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(before);
  });

  it('describes every report endpoint in the OpenAPI document', async () => {
    const doc = (await (await ctx.request('GET', '/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of ['/api/reports/annual', '/api/reports/annual/cases', '/api/reports/annual/xlsx', '/api/reports/annual/csv', '/api/reports/annual/print', '/api/reports/annual/signoff', '/api/reports/ledger/template', '/api/reports/import/ledger', '/api/reports/import/ledger/jobs/{jobId}']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
