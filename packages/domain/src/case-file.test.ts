import { describe, expect, it } from 'vitest';
import { buildCaseFile, signerLabel } from './case-file.js';
import { courtConfirmationDeadline, isCaseFileComplete } from './case-file-rules.js';
import { caseSchema, type DisputeCase } from './case.js';
import { dateOrderIssues } from './date-order.js';

const org = { bodyName: '清河街道人民调解委员会', gridName: '东湖社区第1网格' };

function aCase(extra: Partial<Record<keyof DisputeCase, unknown>> = {}): DisputeCase {
  return caseSchema.parse({
    id: 'k1',
    createdBy: 'u1',
    createdAt: '2025-03-02T01:00:00.000Z',
    caseNo: '（2025）清河调字第0042号',
    provisionalNo: '临G01-A3F2-0001',
    type: 'neighbour',
    source: 'proactive',
    facts: '楼上漏水,楼下天花板受损',
    reportedOn: '2025-03-01',
    acceptedOn: '2025-03-02',
    parties: {
      p1: { id: 'p1', role: 'applicant', sex: 'male', age: 61, personal: { name: '王建国', phone: '13800138000' } },
      p2: { id: 'p2', role: 'respondent', personal: { name: '李梅' } },
    },
    status: 'accepted',
    gridId: 'g01',
    handlingNodeId: 'g01',
    handlingLevel: 'grid',
    ...extra,
  });
}

const kinds = (f: ReturnType<typeof buildCaseFile>) => f.documents.map((d) => d.key);
const doc = (f: ReturnType<typeof buildCaseFile>, key: string) => f.documents.find((d) => d.key === key)!;

describe('the case file', () => {
  it('orders the documents, titles the case, and uses an intake form for cases found on rounds', () => {
    const f = buildCaseFile(aCase(), org);
    expect(f.title).toBe('王建国 与 李梅 邻里纠纷');
    expect(f.number).toBe('（2025）清河调字第0042号');
    expect(f.provisional).toBe(false);
    expect(kinds(f)).toEqual(['cover', 'contents', 'intakeForm', 'investigation', 'session', 'followUp', 'conclusion']);
    expect(doc(f, 'conclusion')).toMatchObject({ required: false, missing: ['结案（案件尚未办结）'] });
    // An open case without sessions is not incomplete yet; a concluded one is.
    expect(f.complete).toBe(true);
    expect(kinds(buildCaseFile(aCase({ source: 'party_applied' }), org))).toContain('application');
  });

  it('prints a phone withheld from this reader in its masked form, not as a dash that reads "not given"', () => {
    const masked = aCase({ parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '王建国', phoneMasked: '138****8000' } } } });
    const phones = (c: DisputeCase) =>
      buildCaseFile(c, org).documents.flatMap((d) => d.blocks).flatMap((b) => (b.kind === 'parties' ? b.parties : [])).map((p) => [p.name, p.phone]);
    expect(phones(masked)).toContainEqual(['王建国', '138****8000']);
    expect(phones(aCase())).toContainEqual(['李梅', '—']);
  });

  it('counts every party among the people involved on the intake form when the case is not a group dispute', () => {
    const people = (c: DisputeCase) => {
      const rows = doc(buildCaseFile(c, org), 'intakeForm').blocks.find((b) => b.kind === 'fields');
      return rows?.kind === 'fields' ? Object.fromEntries(rows.rows)['涉及人数'] : undefined;
    };
    const three = aCase({ parties: { ...aCase().parties, p3: { id: 'p3', role: 'respondent', personal: { name: '赵六' } } } });
    expect(people(aCase())).toBe('2');
    expect(people(three)).toBe('3');
    expect(people(aCase({ isGroup: true, peopleInvolved: 40 }))).toBe('40');
  });

  it('says what a document lacks instead of printing blanks', () => {
    const concluded = aCase({
      status: 'concluded',
      outcome: { code: 'success', concludedOn: '2025-03-10', resolvedLevel: 'grid', body: 'grid_worker' },
      agreement: { form: 'written', content: '', amount: 500 },
      sessions: { s1: { id: 's1', date: '2025-03-05', mediator: '张调解', body: 'grid_worker', notes: '' } },
    });
    const f = buildCaseFile(concluded, org);
    expect(f.complete).toBe(false);
    expect(isCaseFileComplete(concluded)).toBe(false);
    expect(doc(f, 'session:s1').missing).toEqual(['调解过程记录']);
    expect(doc(f, 'writtenAgreement').missing).toEqual(['协议内容', '当事人签名（或签字协议照片）']);
    const undated = buildCaseFile({ ...concluded, outcome: null, status: 'mediating' }, org);
    expect(doc(undated, 'writtenAgreement').missing).toContain('签订日期');
    expect(doc(f, 'followUp').missing).toEqual(['回访记录（尚未回访）']);
    expect(doc(f, 'followUp').required).toBe(true);
    const contents = doc(f, 'contents').blocks[0]!;
    expect(contents.kind === 'contents' && contents.rows.map((r) => r.title)).toEqual([
      '人民调解受理登记表',
      '人民调解记录',
      '人民调解协议书',
      '人民调解回访记录',
      '人民调解结案报告',
    ]);
  });

  it('is complete when every required document has its content, signatures included', () => {
    const sha = 'a'.repeat(64);
    const full = aCase({
      status: 'concluded',
      outcome: { code: 'success', concludedOn: '2025-03-10', resolvedLevel: 'grid', body: 'grid_worker' },
      agreement: { form: 'written', content: '李梅赔偿王建国500元', signedOn: '2025-03-10', amount: 500, courtConfirmation: 'applied', courtConfirmationAppliedOn: '2025-03-20' },
      sessions: {
        s2: { id: 's2', date: '2025-03-08', mediator: '张调解', body: 'grid_worker', notes: '第二次' },
        s1: { id: 's1', date: '2025-03-05', mediator: '张调解', body: 'grid_worker', notes: '第一次' },
      },
      followUps: { f1: { id: 'f1', date: '2025-04-10', visitor: '张调解', performance: 'fulfilled', satisfaction: 'satisfied' } },
      photos: { [sha]: { sha256: sha, kind: 'agreement', mime: 'image/jpeg', size: 10 } },
    });
    const f = buildCaseFile(full, org);
    expect(f.documents.filter((d) => d.required && d.missing.length > 0)).toEqual([]);
    expect(f.complete).toBe(true);
    expect(kinds(f)).toEqual(['cover', 'contents', 'intakeForm', 'investigation', 'session:s1', 'session:s2', 'writtenAgreement', 'followUp:f1', 'courtConfirmation', 'conclusion']);
    expect(doc(f, 'session:s1').title).toBe('人民调解记录（第1次）');
    expect(courtConfirmationDeadline(full)).toBe('2025-04-09');
  });

  it('prints a provisional number as provisional and asks for the final one on the cover', () => {
    const f = buildCaseFile(aCase({ caseNo: undefined }), org);
    expect(f).toMatchObject({ number: '临G01-A3F2-0001', provisional: true });
    expect(doc(f, 'cover').missing).toContain('正式案号（同步后由系统给出）');
  });

  it('records an oral agreement on its own form', () => {
    const f = buildCaseFile(aCase({ agreement: { form: 'oral', content: '口头约定修好水管', signedOn: '2025-03-06' } }), org);
    expect(doc(f, 'oralAgreement').missing).toEqual([]);
    expect(kinds(f)).not.toContain('writtenAgreement');
  });

  it('prints signatures drawn on the phone on their lines, and takes all parties\' signatures for a written agreement', () => {
    const sig = (id: string, partyId: string | undefined, document = 'agreement') => ({
      id,
      sha256: id.padEnd(64, '0'),
      mime: 'image/png',
      size: 100,
      document,
      signer: partyId ? 'party' : 'mediator',
      ...(partyId ? { partyId } : { signerName: '张调解' }),
      signedAt: '2025-03-10T02:00:00.000Z',
    });
    const base = {
      status: 'concluded',
      outcome: { code: 'success', concludedOn: '2025-03-10', resolvedLevel: 'grid', body: 'grid_worker' },
      agreement: { form: 'written', content: '赔偿500元', amount: 500 },
    };
    const half = buildCaseFile(aCase({ ...base, signatures: { a: sig('a', 'p1') } }), org);
    expect(doc(half, 'writtenAgreement').missing).toEqual(['当事人签名（或签字协议照片）']);
    const all = buildCaseFile(aCase({ ...base, signatures: { a: sig('a', 'p1'), b: sig('b', 'p2'), c: sig('c', undefined) } }), org);
    expect(doc(all, 'writtenAgreement').missing).toEqual([]);
    const block = doc(all, 'writtenAgreement').blocks.find((b) => b.kind === 'signatures')!;
    expect(block.kind === 'signatures' && block.lines.map((l) => [l.label, l.signatures.map((g) => g.id), l.signer])).toEqual([
      ['申请人 王建国（签名或按指印）：', ['a'], '申请人1'],
      ['被申请人 李梅（签名或按指印）：', ['b'], '被申请人1'],
      ['人民调解员（签名）：', ['c'], '人民调解员'],
      ['人民调解委员会（印章）', [], '人民调解委员会'],
    ]);
  });

  it('names a signature by role and place among the parties, never by the party\'s name; the mediator by name', () => {
    const parties = aCase({}).parties;
    const twoApplicants = { ...parties, p3: { ...parties.p1!, id: 'p3' } };
    expect(signerLabel({ signer: 'party', partyId: 'p1' }, twoApplicants)).toBe('申请人1');
    expect(signerLabel({ signer: 'party', partyId: 'p3' }, twoApplicants)).toBe('申请人2');
    expect(signerLabel({ signer: 'party', partyId: 'p2' }, twoApplicants)).toBe('被申请人1');
    expect(signerLabel({ signer: 'party', partyId: 'gone' }, twoApplicants)).toBe('当事人');
    expect(signerLabel({ signer: 'mediator', signerName: '张调解' }, twoApplicants)).toBe('调解员 张调解');
    expect(signerLabel({ signer: 'mediator' }, twoApplicants)).toBe('调解员');
    });

  it('files each investigation as its own 调查记录, in time order, and asks for whom the worker questioned', () => {
    const inv = (id: string, date: string, time: string | undefined, interviewees: string) => ({
      id,
      date,
      ...(time ? { time } : {}),
      place: '东湖小区3栋',
      investigators: '张调解、刘网格',
      interviewees,
      findings: '查看漏水点，确认为楼上卫生间防水层老化',
    });
    const f = buildCaseFile(aCase({ investigations: { b: inv('b', '2025-03-03', '09:30', ''), a: inv('a', '2025-03-03', '08:00', '王建国、李梅') } }), org);
    expect(kinds(f).slice(0, 5)).toEqual(['cover', 'contents', 'intakeForm', 'investigation:a', 'investigation:b']);
    expect(doc(f, 'investigation:a')).toMatchObject({ title: '人民调解调查记录（第1次）', required: true, missing: [] });
    expect(doc(f, 'investigation:b').missing).toEqual(['被调查人']);
    expect(f.complete).toBe(false);
    const fields = doc(f, 'investigation:a').blocks[0]!;
    expect(fields.kind === 'fields' && fields.rows).toEqual([
      ['调查时间', '2025-03-03 08:00'],
      ['调查地点', '东湖小区3栋'],
      ['调查人', '张调解、刘网格'],
      ['被调查人', '王建国、李梅'],
    ]);
    expect(doc(f, 'investigation:a').blocks[1]).toEqual({ kind: 'text', label: '调查内容及结果', text: '查看漏水点，确认为楼上卫生间防水层老化' });
    const contents = doc(f, 'contents').blocks[0]!;
    expect(contents.kind === 'contents' && contents.rows.slice(1, 3).map((r) => r.state)).toEqual(['已备', '缺：被调查人']);
  });

  it('refuses an investigation without place, investigators or findings, with a malformed time, or dated before the report', () => {
    const good = { id: 'v', date: '2025-03-03', place: '现场', investigators: '张调解', findings: '了解情况' };
    expect(() => aCase({ investigations: { v: good } })).not.toThrow();
    for (const bad of [{ place: ' ' }, { investigators: '' }, { findings: '' }, { time: '24:00' }, { time: '9:30' }, { place: '长'.repeat(201) }]) {
      expect(() => aCase({ investigations: { v: { ...good, ...bad } } })).toThrow();
    }
    expect(() => aCase({ investigations: { v: { ...good, date: '2025-02-28' } } })).not.toThrow(); // reading a stored case stays lenient
    expect(dateOrderIssues({ reportedOn: '2025-03-01', acceptedOn: '2025-03-02', investigations: { v: { date: '2025-02-28' } } })).toEqual([
      { path: 'investigations.v.date', code: 'INVESTIGATION_OUTSIDE_CASE', message: 'INVESTIGATION_OUTSIDE_CASE' },
    ]);
    // Before acceptance is fine: a dispute found on a round is looked into before it is taken on.
    expect(dateOrderIssues({ reportedOn: '2025-03-01', acceptedOn: '2025-03-05', investigations: { v: { date: '2025-03-02' } } })).toEqual([]);
  });

  it('writes the 结案报告 from the case once it is concluded, whatever the result, and says what it lacks', () => {
    const concluded = aCase({
      status: 'concluded',
      outcome: { code: 'success', concludedOn: '2025-03-10', resolvedLevel: 'grid', body: 'grid_worker', notes: '' },
      agreement: { form: 'written', content: '李梅赔偿王建国500元', signedOn: '2025-03-10', amount: 500 },
      sessions: { s1: { id: 's1', date: '2025-03-05', mediator: '张调解', body: 'grid_worker', notes: '双方同意赔偿' } },
      followUps: { f1: { id: 'f1', date: '2025-04-10', visitor: '张调解', performance: 'fulfilled', satisfaction: 'satisfied' } },
    });
    const report = doc(buildCaseFile(concluded, org), 'conclusion');
    expect(report).toMatchObject({ title: '人民调解结案报告', required: true, missing: [] });
    const text = (label: string) => report.blocks.find((b) => b.kind === 'text' && b.label === label);
    expect(text('调解经过')).toMatchObject({ text: '2025-03-05 张调解（网格员）：双方同意赔偿' });
    expect(text('调解结果')).toMatchObject({ text: '调解成功' });
    expect(text('协议及履行情况')).toMatchObject({ text: expect.stringContaining('李梅赔偿王建国500元') });
    // The agreement was recorded as pending (the default); the return visit found it performed: both documents
    // print how it stands now, not the state at signing.
    expect(text('协议及履行情况')).toMatchObject({ text: expect.stringContaining('已履行') });
    const agreementRows = doc(buildCaseFile(concluded, org), 'writtenAgreement').blocks.find((b) => b.kind === 'fields');
    expect(agreementRows?.kind === 'fields' && Object.fromEntries(agreementRows.rows)['履行情况']).toBe('已履行');
    expect(text('回访情况')).toMatchObject({ text: expect.stringContaining('2025-04-10 张调解 回访') });
    const fields = report.blocks[0]!;
    expect(fields.kind === 'fields' && Object.fromEntries(fields.rows)).toMatchObject({
      案号: '（2025）清河调字第0042号',
      当事人: '王建国（申请人）、李梅（被申请人）',
      纠纷类型: '邻里',
    });
    // No session notes and no outcome notes: the course of mediation is missing; success without an agreement too.
    const bare = buildCaseFile({ ...concluded, sessions: {}, agreement: null, caseNo: undefined }, org);
    expect(doc(bare, 'conclusion').missing).toEqual(['正式案号（同步后由系统给出）', '调解经过（无调解记录）', '调解协议']);
    // A withdrawn case has no course of mediation to report; its report is still required, and ready.
    const withdrawn = buildCaseFile({ ...concluded, sessions: {}, agreement: null, followUps: {}, outcome: { code: 'withdrawn', concludedOn: '2025-03-04', resolvedLevel: 'grid', body: 'grid_worker', notes: '' } }, org);
    expect(doc(withdrawn, 'conclusion')).toMatchObject({ required: true, missing: [] });
    const failed = buildCaseFile({ ...concluded, agreement: null, followUps: {}, outcome: { code: 'failed', failedRoute: 'litigation', concludedOn: '2025-03-10', resolvedLevel: 'grid', body: 'grid_worker', notes: '' } }, org);
    expect(doc(failed, 'conclusion').blocks.find((b) => b.kind === 'text' && b.label === '调解结果')).toMatchObject({ text: '调解不成，引导诉讼' });
  });
});
