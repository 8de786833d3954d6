import { createHash } from 'node:crypto';
import {
  agreementSchema,
  dateOrderIssues,
  isIsoDate,
  legacyRiskCodes,
  legacyRiskLabels,
  readRiskCode,
  messageFor,
  sourceGroups,
  newCaseSchema,
  outcomeSchema,
  validationMessages,
  zodIssuesToFieldIssues,
  type FieldIssue,
  type Locale,
} from '@tiaojie/domain';
import type { MutationArgsInput } from '@tiaojie/sync';
import { ledgerCodeLists, ledgerColumns, yesNo, type LedgerKey } from './ledger-format.js';

/**
 * Why one row cannot be imported: the column (the file's Chinese header, and its key), a stable code, and the
 * reason in each UI language (`message` is the Chinese one).
 */
export interface RowIssue {
  column: string;
  field: LedgerKey;
  code: string;
  message: string;
  messages: Record<Locale, string>;
}

export interface GridRef {
  id: string;
  name: string;
}

/** The grids of the importer's subtree; anything not in here is outside their area. */
export interface GridIndex {
  byId: ReadonlyMap<string, GridRef>;
  byName: ReadonlyMap<string, readonly GridRef[]>;
}

/** What one good row becomes, as mutations of the sync path. */
export interface LedgerImportPlan {
  caseId: string;
  caseNo: string | undefined;
  gridId: string;
  create: MutationArgsInput['case.create'];
  conclude: MutationArgsInput['case.transition'] | null;
  /** The ledger keeps only the number of follow-up visits; each becomes a follow-up record f1…fN. */
  followUps: number;
}

export type RowPlanResult = { ok: true; plan: LedgerImportPlan } | { ok: false; issues: RowIssue[] };

/** Labels are written with full-width brackets (社区（村）); ledgers typed before, or by hand, often use half-width ones. */
const halfBrackets = (s: string) => s.replace(/（/g, '(').replace(/）/g, ')');

type CodeList = { entries: readonly { code: string; zh: string; en: string }[] };

const headerOf = Object.fromEntries(ledgerColumns.map((c) => [c.key, c.header])) as Record<LedgerKey, string>;

type Texts = Record<Locale, string>;
const both = (zh: string, en: string): Texts => ({ 'zh-CN': zh, en });
const codeText = (code: string): Texts => both(messageFor(code, 'zh-CN'), messageFor(code, 'en'));
const entriesOf = (list: CodeList, locale: Locale) => list.entries.map((e) => (locale === 'en' ? e.en : e.zh)).join(locale === 'en' ? ', ' : '、');

/** Messages of the import's own checks, in both UI languages; field validation codes use the domain's `validationMessages`. */
const importMessages = {
  UNKNOWN_VALUE: (value: string, list: CodeList) =>
    both(`「${value}」不是可填写的值，可填：${entriesOf(list, 'zh-CN')}`, `"${value}" is not an accepted value; use one of: ${entriesOf(list, 'en')}`),
  NOT_A_NUMBER: () => both('应填写数字', 'Should be a number'),
  NOT_AN_INTEGER: () => both('应填写整数', 'Should be a whole number'),
  OUT_OF_RANGE: (max: string) => both(`数值超出范围（0–${max}）`, `Out of range (0–${max})`),
  YES_NO: () => both(`应填写「${yesNo.yes}」或「${yesNo.no}」`, `Should be "${yesNo.yes}" (yes) or "${yesNo.no}" (no)`),
  GRID_NOT_FOUND: (value: string) => both(`网格「${value}」：${messageFor('NOT_FOUND')}`, `Grid "${value}": ${messageFor('NOT_FOUND', 'en')}`),
  GRID_AMBIGUOUS: (value: string) => both(`有多个名为「${value}」的网格，请填写网格编号`, `Several grids are named "${value}"; fill in the grid id`),
  GRID_MISMATCH: (name: string) => both(`网格名称「${name}」与网格编号不一致`, `Grid name "${name}" does not match the grid id`),
  REQUIRED_WHEN_CONCLUDED: () => both(`${messageFor('REQUIRED')}（已填写办结日期）`, `${messageFor('REQUIRED', 'en')} (a conclusion date is filled in)`),
  REQUIRED_WITH_OUTCOME: () => both(`${messageFor('REQUIRED')}（已填写调解结果）`, `${messageFor('REQUIRED', 'en')} (an outcome is filled in)`),
  CONCLUDED_BEFORE_ACCEPTED: () => both('办结日期不能早于受理日期', 'The conclusion date cannot be before the acceptance date'),
  FUTURE_DATE: () => both('日期不能晚于今天', 'The date cannot be after today'),
  AGREEMENT_NOT_SUCCESS: () => both('只有调解成功的案件才有调解协议', 'Only a successfully mediated case has an agreement'),
  AGREEMENT_DETAIL_WITHOUT_FORM: () =>
    both('填写协议金额或司法确认时须填写协议形式', 'An agreement amount or court confirmation needs the agreement form'),
  FOLLOW_UP_OPEN: () => both('未办结的案件不能有回访', 'A case that is not concluded cannot have follow-up visits'),
  MASKED: () => both('内容已打码（含*），导入须填写完整的姓名和电话', 'Masked (contains *): an import needs full names and phone numbers'),
  PARTY_NAME_MISSING: () => both(`${messageFor('REQUIRED')}（已填写电话）`, `${messageFor('REQUIRED', 'en')} (a phone number is filled in)`),
  DUPLICATE: (line: number) => both(`与第${line}行是同一案件（网格与案件编号相同）`, `The same case as line ${line} (same grid and case number)`),
  /** A check of the domain's schemas without a code of its own: never zod's own English text. */
  INVALID: () => both('内容不符合要求，请按模板填写', 'Not an accepted value; fill it in as the template shows'),
} as const;
export type ImportIssueCode = keyof typeof importMessages;

/** Prefixes of a rejection by the sync path after the case itself went in. */
export const rejectionPrefixes = {
  conclusion: both('案件已建立，但办结信息未能写入：', 'The case was created, but its conclusion could not be written: '),
  followUps: both('案件已建立，但回访记录未能写入：', 'The case was created, but its follow-up visits could not be written: '),
  correction: both('案件已存在，但更正未能写入：', 'The case exists, but the correction could not be written: '),
} as const;

export function rowIssue(field: LedgerKey, code: string, messages?: Texts): RowIssue {
  const texts = messages ?? (validationMessages[code] ? { ...validationMessages[code] } : codeText(code));
  return { column: headerOf[field], field, code, message: texts['zh-CN'], messages: texts };
}

export function duplicateIssue(field: LedgerKey, firstLine: number): RowIssue {
  return rowIssue(field, 'DUPLICATE', importMessages.DUPLICATE(firstLine));
}

/** 2023/5/3, 2023.5.3, 2023年5月3日, 2023-5-3 and Excel serial day numbers all become 2023-05-03. */
export function normalizeLedgerDate(raw: string): string {
  const s = raw.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  if (/^\d{5}$/.test(s) && Number(s) > 20_000 && Number(s) < 80_000) {
    return new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000).toISOString().slice(0, 10);
  }
  return s;
}

/** The stable id of a ledger row's case: the same grid and case number (or, without one, the same facts) give the same id. */
export function ledgerCaseId(gridId: string, caseNo: string | undefined, cells: Partial<Record<LedgerKey, string>>): string {
  const key = caseNo
    ? ['no', gridId, caseNo]
    : ['row', gridId, cells.acceptedOn, cells.type, cells.applicant, cells.respondent, cells.facts].map((v) => v ?? '');
  return `ledger-${createHash('sha256').update(key.join('\u001f')).digest('hex').slice(0, 32)}`;
}

/** Maps a domain field path (as zod reports it) back to the ledger column it came from. */
function columnOfPath(path: string, scope: 'case' | 'outcome' | 'agreement'): LedgerKey {
  const p = path.split('.');
  if (scope === 'outcome') return ({ code: 'outcome', concludedOn: 'concludedOn', resolvedLevel: 'resolvedLevel', body: 'body' } as const)[p[0] as 'code'] ?? 'outcome';
  if (scope === 'agreement') return ({ form: 'agreementForm', amount: 'agreementAmount', courtConfirmation: 'courtConfirmation' } as const)[p[0] as 'form'] ?? 'agreementForm';
  if (p[0] === 'parties') {
    const who = p[1] === 'p1' ? 'applicant' : 'respondent';
    return p[3] === 'phone' ? (`${who}Phone` as const) : who;
  }
  const own = ledgerColumns.find((c) => c.key === p[0]);
  return own ? own.key : 'facts';
}

/**
 * Field issues of the domain's schemas against the ledger's columns, each with its code's message. An issue without
 * a code of ours (zod's own, e.g. a value of the wrong type) reads as "required" when the value is missing, else as
 * not accepted: zod's English text is never shown.
 */
function fieldIssues(issues: FieldIssue[], scope: 'case' | 'outcome' | 'agreement', input?: object): RowIssue[] {
  return issues.map((i) => {
    const column = columnOfPath(i.path, scope);
    if (validationMessages[i.code]) return rowIssue(column, i.code);
    const value = i.path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), input);
    const missing = input !== undefined && (value === undefined || value === '');
    return missing ? rowIssue(column, 'REQUIRED') : rowIssue(column, 'INVALID', importMessages.INVALID());
  });
}

/**
 * Checks one ledger row and turns it into the mutations that create it: case.create, then case.transition
 * (conclude) when it has an outcome, then one case.edit adding its follow-ups. Every problem of the row is
 * reported at once, each against its column. Pure apart from hashing; `today` is the Asia/Shanghai date.
 */
export function planLedgerRow(cells: Partial<Record<LedgerKey, string>>, grids: GridIndex, today: string): RowPlanResult {
  const issues: RowIssue[] = [];
  const text = (k: LedgerKey) => (cells[k] ?? '').trim();

  const code = (k: keyof typeof ledgerCodeLists, required: boolean): string | undefined => {
    const v = text(k);
    if (!v) {
      if (required) issues.push(rowIssue(k, 'REQUIRED'));
      return undefined;
    }
    const list = ledgerCodeLists[k] as CodeList;
    // Ledgers kept before risk grades say 一般/较大/重大 (or 红/橙/黄/蓝 without 色): read as grades.
    if (k === 'risk' && Object.hasOwn(legacyRiskLabels, v)) return legacyRiskLabels[v];
    if (k === 'risk' && Object.hasOwn(legacyRiskCodes, v)) return readRiskCode(v);
    // The group name alone (接受委托移送, as many ledgers write it) is a referral whose sender is not recorded.
    if (k === 'source' && sourceGroups.entries.some((g) => halfBrackets(g.zh) === halfBrackets(v) || g.code === v)) return 'referral_other';
    const hit = list.entries.find((e) => halfBrackets(e.zh) === halfBrackets(v) || e.code === v || e.en.toLowerCase() === v.toLowerCase());
    if (!hit) issues.push(rowIssue(k, 'UNKNOWN_VALUE', importMessages.UNKNOWN_VALUE(v, list)));
    return hit?.code;
  };
  const yes = (k: LedgerKey): boolean => {
    const v = text(k).toLowerCase();
    if (['', yesNo.no, 'n', 'no', '0', 'false'].includes(v)) return false;
    if ([yesNo.yes, 'y', 'yes', '1', 'true'].includes(v)) return true;
    issues.push(rowIssue(k, 'YES_NO', importMessages.YES_NO()));
    return false;
  };
  const number = (k: LedgerKey, opts: { integer: boolean; max: number }): number | undefined => {
    const v = text(k).replace(/[,,\s元¥]/g, '');
    if (!v) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) issues.push(rowIssue(k, 'NOT_A_NUMBER', importMessages.NOT_A_NUMBER()));
    else if (opts.integer && !Number.isInteger(n)) issues.push(rowIssue(k, 'NOT_AN_INTEGER', importMessages.NOT_AN_INTEGER()));
    else if (n < 0) issues.push(rowIssue(k, 'NOT_NEGATIVE'));
    else if (n > opts.max) issues.push(rowIssue(k, 'OUT_OF_RANGE', importMessages.OUT_OF_RANGE(String(opts.max))));
    else return n;
    return undefined;
  };
  const date = (k: LedgerKey, required: boolean): string | undefined => {
    const raw = text(k);
    if (!raw) {
      if (required) issues.push(rowIssue(k, 'REQUIRED'));
      return undefined;
    }
    const v = normalizeLedgerDate(raw);
    if (!isIsoDate(v)) issues.push(rowIssue(k, 'DATE_FORMAT'));
    else if (v > today) issues.push(rowIssue(k, 'FUTURE_DATE', importMessages.FUTURE_DATE()));
    else return v;
    return undefined;
  };

  const grid = resolveGrid(text('gridId'), text('gridName'), grids, issues);
  const caseNo = text('caseNo') || undefined;
  const type = code('type', true);
  const source = code('source', true);
  const risk = code('risk', false);
  const isGroup = yes('isGroup');
  const peopleInvolved = number('peopleInvolved', { integer: true, max: 100_000 });
  const acceptedOn = date('acceptedOn', true);
  const reportedOn = date('reportedOn', false) ?? acceptedOn;
  const concludedOn = date('concludedOn', false);
  const outcome = code('outcome', false);
  const resolvedLevel = code('resolvedLevel', false);
  const body = code('body', false);
  const agreementForm = code('agreementForm', false);
  const agreementAmount = number('agreementAmount', { integer: false, max: 1e12 });
  const courtConfirmation = code('courtConfirmation', false);
  const followUps = number('followUps', { integer: true, max: 20 }) ?? 0;
  const preventedCriminal = yes('preventedCriminal');
  const preventedPetition = yes('preventedPetition');

  const concluded = Boolean(text('concludedOn') || text('outcome'));
  if (concluded) {
    for (const k of ['concludedOn', 'outcome', 'resolvedLevel', 'body'] as const) {
      if (!text(k)) issues.push(rowIssue(k, 'REQUIRED', text('concludedOn') ? importMessages.REQUIRED_WHEN_CONCLUDED() : importMessages.REQUIRED_WITH_OUTCOME()));
    }
  }
  // The shared date-order rule (发现 ≤ 受理 comes back below from the case schema, which applies the same rule).
  for (const i of acceptedOn ? dateOrderIssues({ reportedOn: acceptedOn, acceptedOn, outcome: concludedOn ? { concludedOn } : null }) : []) {
    if (i.code === 'CONCLUDED_BEFORE_ACCEPTED') issues.push(rowIssue('concludedOn', i.code, importMessages.CONCLUDED_BEFORE_ACCEPTED()));
  }
  if (agreementForm && outcome && outcome !== 'success') issues.push(rowIssue('agreementForm', 'AGREEMENT_NOT_SUCCESS', importMessages.AGREEMENT_NOT_SUCCESS()));
  if (!text('agreementForm') && ((agreementAmount ?? 0) > 0 || (courtConfirmation && courtConfirmation !== 'none'))) {
    issues.push(rowIssue('agreementForm', 'AGREEMENT_DETAIL_WITHOUT_FORM', importMessages.AGREEMENT_DETAIL_WITHOUT_FORM()));
  }
  if (followUps > 0 && !concluded) issues.push(rowIssue('followUps', 'FOLLOW_UP_OPEN', importMessages.FOLLOW_UP_OPEN()));

  const parties: Record<string, unknown> = {};
  for (const [id, role, nameKey, phoneKey] of [
    ['p1', 'applicant', 'applicant', 'applicantPhone'],
    ['p2', 'respondent', 'respondent', 'respondentPhone'],
  ] as const) {
    const name = text(nameKey);
    const phone = text(phoneKey);
    if (name.includes('*')) issues.push(rowIssue(nameKey, 'MASKED', importMessages.MASKED()));
    if (phone.includes('*')) issues.push(rowIssue(phoneKey, 'MASKED', importMessages.MASKED()));
    if (!name && phone) issues.push(rowIssue(nameKey, 'REQUIRED', importMessages.PARTY_NAME_MISSING()));
    if (name) parties[id] = { id, role, personal: { name, ...(phone ? { phone } : {}) } };
  }

  const caseInput = {
    id: '',
    gridId: grid?.id ?? '',
    ...(caseNo ? { caseNo } : {}),
    type,
    source,
    ...(risk ? { risk } : {}),
    isGroup,
    ...(peopleInvolved !== undefined ? { peopleInvolved } : {}),
    facts: text('facts'),
    reportedOn,
    acceptedOn,
    preventedCriminal,
    preventedPetition,
    parties,
  };
  // The domain's own schemas catch what the ledger's columns do not (lengths, phones, date order, group size).
  // Columns already reported are not reported twice, nor a blank 发现日期 that took the refused 受理日期.
  const reported = new Set(issues.map((i) => i.field));
  if (!text('reportedOn') && reported.has('acceptedOn')) reported.add('reportedOn');
  const more: RowIssue[] = [];
  const caseCheck = newCaseSchema.safeParse({ ...caseInput, id: 'x', gridId: grid?.id ?? 'x' });
  if (!caseCheck.success) more.push(...fieldIssues(zodIssuesToFieldIssues(caseCheck.error), 'case', caseInput));
  const outcomeInput = concluded
    ? {
        code: outcome,
        concludedOn,
        resolvedLevel,
        body,
        // The ledger has no column for where a failed mediation went; the record says so in its notes.
        ...(outcome === 'failed' ? { failedRoute: 'litigation' as const } : {}),
        notes: outcome === 'failed' ? '台账导入：原台账未记录调解不成后的去向，默认为引导诉讼' : '台账导入',
      }
    : null;
  if (outcomeInput) {
    const check = outcomeSchema.safeParse(outcomeInput);
    if (!check.success) more.push(...fieldIssues(zodIssuesToFieldIssues(check.error), 'outcome', outcomeInput));
  }
  const agreementInput =
    concluded && outcome === 'success' && agreementForm
      ? { form: agreementForm, content: '', ...(concludedOn ? { signedOn: concludedOn } : {}), amount: agreementAmount ?? 0, courtConfirmation: courtConfirmation ?? 'none', performance: 'pending' as const }
      : null;
  if (agreementInput) {
    const check = agreementSchema.safeParse(agreementInput);
    if (!check.success) more.push(...fieldIssues(zodIssuesToFieldIssues(check.error), 'agreement', agreementInput));
  }
  issues.push(...more.filter((i) => !reported.has(i.field)));
  if (issues.length > 0 || !grid || !caseCheck.success) return { ok: false, issues: dedupe(issues) };

  const caseId = ledgerCaseId(grid.id, caseNo, cells);
  const create = { case: { ...caseCheck.data, id: caseId } } as MutationArgsInput['case.create'];
  const conclude = outcomeInput
    ? ({ caseId, action: 'conclude', payload: { outcome: outcomeInput, agreement: agreementInput } } as MutationArgsInput['case.transition'])
    : null;
  return { ok: true, plan: { caseId, caseNo, gridId: grid.id, create, conclude, followUps } };
}

/**
 * A mutation the applier rejected although the row passed the same schemas (e.g. the grid moved meanwhile):
 * its field issues mapped back to columns, or one issue with its code's message.
 */
export function issuesOfRejection(r: { code?: string; message?: string; issues?: FieldIssue[] }, prefix?: Texts): RowIssue[] {
  const withPrefix = (i: RowIssue): RowIssue => {
    if (!prefix) return i;
    const messages = both(prefix['zh-CN'] + i.messages['zh-CN'], prefix.en + i.messages.en);
    return { ...i, message: messages['zh-CN'], messages };
  };
  const mapped = (r.issues ?? []).map((i) => ({ ...i, path: i.path.replace(/^(case|payload)\./, '').replace(/^(outcome|agreement)\./, '') }));
  if (mapped.length > 0) return fieldIssues(mapped, 'case').map(withPrefix);
  const code = r.code ?? 'VALIDATION_FAILED';
  const field: LedgerKey = code === 'FORBIDDEN' ? 'gridId' : code === 'ILLEGAL_TRANSITION' || code === 'ROLE_NOT_ALLOWED' ? 'outcome' : 'caseNo';
  return [withPrefix(rowIssue(field, code, codeText(code)))];
}

function resolveGrid(id: string, name: string, grids: GridIndex, issues: RowIssue[]): GridRef | undefined {
  if (id) {
    const grid = grids.byId.get(id);
    if (!grid) {
      issues.push(rowIssue('gridId', 'GRID_NOT_FOUND', importMessages.GRID_NOT_FOUND(id)));
      return undefined;
    }
    if (name && name !== grid.name) {
      issues.push(rowIssue('gridName', 'GRID_MISMATCH', importMessages.GRID_MISMATCH(name)));
      return undefined;
    }
    return grid;
  }
  if (!name) {
    issues.push(rowIssue('gridId', 'REQUIRED'));
    return undefined;
  }
  const named = grids.byName.get(name) ?? [];
  if (named.length === 1) return named[0];
  issues.push(rowIssue('gridName', named.length ? 'GRID_AMBIGUOUS' : 'GRID_NOT_FOUND', named.length ? importMessages.GRID_AMBIGUOUS(name) : importMessages.GRID_NOT_FOUND(name)));
  return undefined;
}

function dedupe(issues: RowIssue[]): RowIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.field}\u0000${i.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Follow-up records f(from+1)…f(to) for a ledger's visit count, as case.edit changes. The ledger has no details
 * of a visit; the schema needs performance and satisfaction, so neutral values are set and the notes say so.
 */
export function ledgerFollowUps(from: number, to: number, date: string, visitor: string): Record<string, unknown> {
  return Object.fromEntries(
    Array.from({ length: Math.max(0, to - from) }, (_, j) => from + j + 1).map((i) => [
      `followUps.f${i}`,
      { id: `f${i}`, date, visitor: visitor.slice(0, 50) || '台账导入', performance: 'pending', satisfaction: 'satisfied', residualRisk: false, notes: '台账导入：原台账只记录回访次数' },
    ]),
  );
}
