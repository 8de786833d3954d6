import { caseTitle } from './case-number.js';
import type { DisputeCase, Party, Signature } from './case.js';
import {
  agreementForms,
  caseSources,
  caseStatuses,
  courtConfirmationStatuses,
  disputeTypes,
  failedRoutes,
  levels,
  mediatingBodies,
  outcomes,
  partyRoles,
  performanceStatuses,
  satisfactionLevels,
  sexes,
} from './codes.js';
import { followUpInputOf } from './follow-up.js';
import {
  agreementDate,
  agreementMissing,
  allPartiesSigned,
  applicationMissing,
  closingMissing,
  courtConfirmationDeadline,
  courtConfirmationMissing,
  coverMissing,
  investigationMissing,
  sessionMissing,
} from './case-file-rules.js';

/**
 * The case file (卷宗) of one case in the order it is bound (人民调解法 §27–33, the ministry's 2010 document formats),
 * filled from the case. A document that lacks what it must contain names what is missing instead of printing blanks.
 * Pure: the phone renders and prints it (offline), its list keeps each case's completeness, the tests read it.
 */
export type CaseDocKind =
  | 'cover'
  | 'contents'
  | 'application'
  | 'intakeForm'
  | 'investigation'
  | 'session'
  | 'writtenAgreement'
  | 'oralAgreement'
  | 'followUp'
  | 'courtConfirmation'
  | 'conclusion';

export type CaseFileBlock =
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'text'; label?: string; text: string }
  | { kind: 'parties'; parties: CaseFilePartyLine[] }
  | { kind: 'signatures'; lines: SignatureLine[] }
  | { kind: 'contents'; rows: { no: number; title: string; state: string }[] };

/** A line to sign on: the signatures drawn on the phone for it are printed in place, else it stays blank for ink. */
export interface SignatureLine {
  label: string;
  signatures: Signature[];
  /** Who signs, by role and place among the parties ('申请人1'), never by a party's name (see signatureSchema). */
  signer: string;
}

/**
 * How a signature is named on screen: a party by role and index among the parties of that role ('被申请人2'), the
 * mediator by the name recorded with the signature.
 */
export function signerLabel(g: Pick<Signature, 'signer' | 'partyId' | 'signerName'>, parties: Pick<DisputeCase, 'parties'>['parties']): string {
  if (g.signer === 'mediator') return g.signerName ? `调解员 ${g.signerName}` : '调解员';
  const party = g.partyId ? parties[g.partyId] : undefined;
  if (!party) return '当事人';
  const sameRole = Object.values(parties).filter((p) => p.role === party.role);
  return `${partyRoles.label(party.role, 'zh-CN')}${sameRole.findIndex((p) => p.id === party.id) + 1}`;
}

export interface CaseFilePartyLine {
  role: string;
  name: string;
  sex: string;
  age: string;
  phone: string;
  address: string;
}

export interface CaseDocument {
  /** Unique in the file: kind plus the item id for documents that repeat (sessions, visits). */
  key: string;
  kind: CaseDocKind;
  title: string;
  /** A document the case does not call for (no investigation recorded) is listed but neither required nor printed. */
  required: boolean;
  /** What the document lacks; empty when it is ready. */
  missing: string[];
  blocks: CaseFileBlock[];
}

export interface CaseFile {
  /** The number printed on every page; provisional (and said so) until the server gives the final one. */
  number: string;
  provisional: boolean;
  title: string;
  documents: CaseDocument[];
  /** Every required document ready. */
  complete: boolean;
}

const zh = 'zh-CN' as const;
const orBlank = (v: string | number | undefined | null) => (v === undefined || v === null || v === '' ? '—' : String(v));

function partyLine(p: Party): CaseFilePartyLine {
  return {
    role: partyRoles.label(p.role, zh),
    name: p.personal.name,
    // An organisation has no sex or age.
    sex: p.kind === 'person' && p.sex ? sexes.label(p.sex, zh) : '—',
    age: p.kind === 'person' && p.age !== undefined ? String(p.age) : '—',
    // Withheld from this reader: its masked form, which says a number exists (a dash read as "not given").
    phone: orBlank(p.personal.phone ?? p.personal.phoneMasked),
    address: orBlank(p.personal.address),
  };
}

export function buildCaseFile(c: DisputeCase, org: { bodyName: string; gridName: string }): CaseFile {
  const parties = Object.values(c.parties);
  const applicants = parties.filter((p) => p.role === 'applicant');
  const respondents = parties.filter((p) => p.role === 'respondent');
  const title = caseTitle(
    applicants.map((p) => p.personal.name),
    respondents.map((p) => p.personal.name),
    disputeTypes.label(c.type, zh),
  );
  const number = c.caseNo ?? c.provisionalNo ?? '';
  const sessions = Object.values(c.sessions).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
  const followUps = Object.values(c.followUps).sort((a, b) => (a.date < b.date ? -1 : 1));
  const agreementPhotos = Object.values(c.photos).filter((p) => p.kind === 'agreement');
  const partyBlock: CaseFileBlock = { kind: 'parties', parties: parties.map(partyLine) };
  // A document written before signatures existed has none.
  const signatures = Object.values(c.signatures ?? {}).sort((x, y) => (x.signedAt < y.signedAt ? -1 : 1));
  const signedBy = (document: string, signer: Signature['signer'], partyId?: string) =>
    signatures.filter((g) => g.document === document && g.signer === signer && (partyId === undefined || g.partyId === partyId));
  const signLines = (document: string, extra: SignatureLine[] = []): CaseFileBlock => ({
    kind: 'signatures',
    lines: [...parties.map((p) => line(`${partyRoles.label(p.role, zh)} ${p.personal.name}（签名或按指印）：`, signedBy(document, 'party', p.id), signerLabel({ signer: 'party', partyId: p.id }, c.parties))), ...extra],
  });
  const docs: CaseDocument[] = [];

  const noParties = parties.length === 0 ? ['当事人'] : [];
  docs.push({
    key: 'cover',
    kind: 'cover',
    title: '人民调解卷宗',
    required: true,
    missing: coverMissing(c, parties.length),
    blocks: [
      {
        kind: 'fields',
        rows: [
          ['案号', orBlank(number)],
          ['案由', title],
          ['当事人', orBlank(parties.map((p) => p.personal.name).join('、'))],
          ['调解组织', org.bodyName],
          ['所属网格', org.gridName],
          ['受理日期', c.acceptedOn],
          ['结案日期', orBlank(c.outcome?.concludedOn)],
          ['调解结果', c.outcome ? outcomes.label(c.outcome.code, zh) : caseStatuses.label(c.status, zh)],
          ['立卷人', ''],
          ['保管期限', ''],
        ],
      },
    ],
  });

  if (c.source === 'party_applied') {
    docs.push({
      key: 'application',
      kind: 'application',
      title: '人民调解申请书',
      required: true,
      missing: applicationMissing(applicants.length, respondents.length),
      blocks: [partyBlock, { kind: 'text', label: '纠纷简要情况及申请事项', text: c.facts }, { kind: 'fields', rows: [['申请日期', c.reportedOn]] }, signLines('application')],
    });
  } else {
    docs.push({
      key: 'intakeForm',
      kind: 'intakeForm',
      title: '人民调解受理登记表',
      required: true,
      missing: noParties,
      blocks: [
        {
          kind: 'fields',
          rows: [
            ['纠纷来源', caseSources.label(c.source, zh)],
            ['纠纷类型', disputeTypes.label(c.type, zh)],
            ['发现日期', c.reportedOn],
            ['受理日期', c.acceptedOn],
            ['涉及人数', String(c.isGroup ? c.peopleInvolved : Math.max(c.peopleInvolved, Object.keys(c.parties).length))],
            ['涉及金额（元）', orBlank(c.amountInvolved)],
          ],
        },
        partyBlock,
        { kind: 'text', label: '纠纷简要情况', text: c.facts },
        { kind: 'signatures', lines: [line('登记人：'), line('受理人：')] },
      ],
    });
  }

  // A case need not be investigated separately: with none recorded the document is listed as missing, not required,
  // and never printed blank; each recorded investigation is its own record.
  const investigations = Object.values(c.investigations ?? {}).sort((x, y) => {
    const kx = `${x.date} ${x.time ?? ''}`;
    const ky = `${y.date} ${y.time ?? ''}`;
    return kx < ky ? -1 : kx > ky ? 1 : x.id < y.id ? -1 : 1;
  });
  if (investigations.length === 0) {
    docs.push({ key: 'investigation', kind: 'investigation', title: '人民调解调查记录', required: false, missing: ['调查记录（本案未登记调查情况）'], blocks: [] });
  }
  investigations.forEach((v, i) => {
    docs.push({
      key: `investigation:${v.id}`,
      kind: 'investigation',
      title: investigations.length > 1 ? `人民调解调查记录（第${i + 1}次）` : '人民调解调查记录',
      required: true,
      // The form's place, investigators and findings are required; whom the worker questioned is what a record most
      // often lacks, and without it the record proves little.
      missing: investigationMissing(v),
      blocks: [
        {
          kind: 'fields',
          rows: [
            ['调查时间', v.time ? `${v.date} ${v.time}` : v.date],
            ['调查地点', v.place],
            ['调查人', v.investigators],
            ['被调查人', orBlank(v.interviewees)],
          ],
        },
        { kind: 'text', label: '调查内容及结果', text: v.findings },
        { kind: 'signatures', lines: [line('被调查人（签名或按指印）：'), line('调查人（签名）：'), line('记录人（签名）：')] },
      ],
    });
  });

  const concluded = c.outcome !== null;
  if (sessions.length === 0) {
    docs.push({ key: 'session', kind: 'session', title: '人民调解记录', required: concluded, missing: ['调解记录（本案未登记调解过程）'], blocks: [] });
  }
  sessions.forEach((s, i) => {
    docs.push({
      key: `session:${s.id}`,
      kind: 'session',
      title: sessions.length > 1 ? `人民调解记录（第${i + 1}次）` : '人民调解记录',
      required: true,
      missing: sessionMissing(s),
      blocks: [
        { kind: 'fields', rows: [['调解日期', s.date], ['调解组织', mediatingBodies.label(s.body, zh)], ['调解员', s.mediator]] },
        partyBlock,
        { kind: 'text', label: '调解情况', text: s.notes },
        signLines(`session:${s.id}`, [line('调解员（签名）：', signedBy(`session:${s.id}`, 'mediator')), line('记录人（签名）：')]),
      ],
    });
  });

  const a = c.agreement;
  if (a) {
    const oral = a.form === 'oral';
    const agreedOn = agreementDate(c, a);
    const missing = agreementMissing(c, a, agreementPhotos.length > 0, allPartiesSigned(c, parties));
    docs.push({
      key: oral ? 'oralAgreement' : 'writtenAgreement',
      kind: oral ? 'oralAgreement' : 'writtenAgreement',
      title: oral ? '口头调解协议登记表' : '人民调解协议书',
      required: true,
      missing,
      blocks: [
        partyBlock,
        { kind: 'text', label: '纠纷主要事实、争议事项', text: c.facts },
        { kind: 'text', label: oral ? '协议内容' : '经调解，自愿达成如下协议', text: a.content },
        {
          kind: 'fields',
          rows: [
            ['协议形式', agreementForms.label(a.form, zh)],
            ['协议涉及金额（元）', String(a.amount)],
            ['履行情况', performanceStatuses.labelOrCode(currentPerformance(c, a.performance), zh)],
            [oral ? '达成协议日期' : '签订日期', orBlank(agreedOn)],
            ['签字协议照片', agreementPhotos.length > 0 ? `${agreementPhotos.length} 张（附后）` : '—'],
          ],
        },
        {
          kind: 'text',
          text: '本协议经人民调解委员会调解达成，具有法律约束力，当事人应当按照约定履行。双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。',
        },
        signLines('agreement', [line('人民调解员（签名）：', signedBy('agreement', 'mediator')), line('人民调解委员会（印章）')]),
      ],
    });
  } else if (c.outcome?.code === 'success') {
    docs.push({ key: 'writtenAgreement', kind: 'writtenAgreement', title: '人民调解协议书', required: true, missing: ['调解协议（调解成功但未登记协议）'], blocks: [] });
  }

  if (followUps.length === 0) {
    docs.push({ key: 'followUp', kind: 'followUp', title: '人民调解回访记录', required: a !== null && concluded, missing: ['回访记录（尚未回访）'], blocks: [] });
  }
  followUps.forEach((f, i) => {
    docs.push({
      key: `followUp:${f.id}`,
      kind: 'followUp',
      title: followUps.length > 1 ? `人民调解回访记录（第${i + 1}次）` : '人民调解回访记录',
      required: true,
      missing: [],
      blocks: [
        {
          kind: 'fields',
          rows: [
            ['回访日期', f.date],
            ['回访人', f.visitor],
            ['协议履行情况', performanceStatuses.label(f.performance, zh)],
            ['当事人满意度', satisfactionLevels.label(f.satisfaction, zh)],
            ['是否仍有隐患', f.residualRisk ? '是' : '否'],
          ],
        },
        { kind: 'text', label: '回访情况', text: f.notes || '—' },
        { kind: 'signatures', lines: [line('回访人（签名）：')] },
      ],
    });
  });

  if (a && a.courtConfirmation !== 'none') {
    const deadline = courtConfirmationDeadline(c);
    docs.push({
      key: 'courtConfirmation',
      kind: 'courtConfirmation',
      title: '司法确认申请书',
      required: true,
      missing: courtConfirmationMissing(a),
      blocks: [
        partyBlock,
        {
          kind: 'fields',
          rows: [
            ['调解协议签订日期', orBlank(a.signedOn ?? c.outcome?.concludedOn)],
            ['申请期限（协议生效后三十日内）', orBlank(deadline)],
            ['申请日期', orBlank(a.courtConfirmationAppliedOn)],
            ['司法确认情况', courtConfirmationStatuses.label(a.courtConfirmation, zh)],
          ],
        },
        { kind: 'text', label: '申请事项', text: '请求人民法院对双方当事人经人民调解委员会调解达成的调解协议予以确认。' },
        signLines('courtConfirmation'),
      ],
    });
  }

  docs.push(closingReport(c, { number, title, parties, sessions, followUps }));

  const printed = docs.filter((d) => d.required || d.missing.length === 0);
  const contents: CaseDocument = {
    key: 'contents',
    kind: 'contents',
    title: '卷内目录',
    required: true,
    missing: [],
    blocks: [
      {
        kind: 'contents',
        rows: printed
          .filter((d) => d.kind !== 'cover')
          .map((d, i) => ({ no: i + 1, title: d.title, state: d.missing.length === 0 ? '已备' : `缺：${d.missing.join('、')}` })),
      },
    ],
  };
  docs.splice(1, 0, contents);
  return {
    number,
    provisional: !c.caseNo,
    title,
    documents: docs,
    complete: docs.every((d) => !d.required || d.missing.length === 0),
  };
}

/**
 * 人民调解结案报告: the case as closed, filled from the case (number, parties, type, course of mediation, result,
 * agreement, follow-up). Required once the case is concluded, whatever the result; an open case lists it as not yet due.
 * It lacks: the final number, the course of mediation for a mediated case (no session, no notes), and the agreement
 * of a case mediated successfully. A follow-up not yet made is stated, not missing (the report is written at closing;
 * the 回访记录 says whether the visit is due).
 */
function closingReport(
  c: DisputeCase,
  f: { number: string; title: string; parties: Party[]; sessions: DisputeCase['sessions'][string][]; followUps: DisputeCase['followUps'][string][] },
): CaseDocument {
  const base = { key: 'conclusion', kind: 'conclusion' as const, title: '人民调解结案报告' };
  const o = c.outcome;
  if (!o) return { ...base, required: false, missing: ['结案（案件尚未办结）'], blocks: [] };
  const course = f.sessions.map((s) => `${s.date} ${s.mediator}（${mediatingBodies.label(s.body, zh)}）：${s.notes.trim() || '—'}`);
  const missing = closingMissing(c, o, f.sessions);
  const a = c.agreement;
  const lastVisit = f.followUps.at(-1);
  const result = [outcomes.label(o.code, zh), o.failedRoute ? failedRoutes.label(o.failedRoute, zh) : '', o.transferredTo ? `移交${o.transferredTo}` : '']
    .filter(Boolean)
    .join('，');
  return {
    ...base,
    required: true,
    missing,
    blocks: [
      {
        kind: 'fields',
        rows: [
          ['案号', orBlank(f.number)],
          ['案由', f.title],
          ['当事人', orBlank(f.parties.map((p) => `${p.personal.name}（${partyRoles.label(p.role, zh)}）`).join('、'))],
          ['纠纷类型', disputeTypes.label(c.type, zh)],
          ['受理日期', c.acceptedOn],
          ['结案日期', o.concludedOn],
          ['化解层级', levels.label(o.resolvedLevel, zh)],
          ['调解组织', mediatingBodies.label(o.body, zh)],
        ],
      },
      { kind: 'text', label: '纠纷简要情况', text: c.facts },
      { kind: 'text', label: '调解经过', text: [...course, ...(o.notes.trim() ? [o.notes.trim()] : [])].join('\n') || '—' },
      { kind: 'text', label: '调解结果', text: result },
      {
        kind: 'text',
        label: '协议及履行情况',
        text: a
          ? `${agreementForms.label(a.form, zh)}，涉及金额 ${a.amount} 元，${performanceStatuses.labelOrCode(currentPerformance(c, a.performance), zh)}。${a.content.trim() ? `协议内容：${a.content.trim()}` : ''}`
          : '未达成协议',
      },
      {
        kind: 'text',
        label: '回访情况',
        text: lastVisit
          ? `${lastVisit.date} ${lastVisit.visitor} 回访：${performanceStatuses.label(lastVisit.performance, zh)}，${satisfactionLevels.label(lastVisit.satisfaction, zh)}${lastVisit.notes.trim() ? `。${lastVisit.notes.trim()}` : ''}`
          : '尚未回访',
      },
      { kind: 'signatures', lines: [line('承办人（签名）：'), line('人民调解委员会（印章）')] },
    ],
  };
}

const line = (label: string, signed: Signature[] = [], signer = label.replace(/（.*|：$/, '')): SignatureLine => ({ label, signatures: signed, signer });

/** How the agreement stands now: the latest return visit's finding, else what the agreement recorded. */
function currentPerformance(c: DisputeCase, recorded: string): string {
  return followUpInputOf(c).performance ?? recorded;
}
