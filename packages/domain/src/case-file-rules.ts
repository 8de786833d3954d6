import type { DisputeCase, Party } from './case.js';
import { mediatedOutcomes } from './codes.js';
import { addDays } from './dates.js';

/**
 * What each document of a case file must contain, and whether a case's file has it all. Apart from the file
 * builder (case-file.ts) because the phone's start code judges completeness on every save, while the builder (with its
 * labels and blocks) loads only with the case-file screen.
 */

/** The values a list filters the file's completeness by (staff lists, the report's drill-down). */
export const caseFileCompletenessValues = ['complete', 'incomplete'] as const;
export type CaseFileCompleteness = (typeof caseFileCompletenessValues)[number];

/**
 * Whether every required document of the case's file has its content (kept in the phone's list rows and on the
 * server's case row at every write). The same per-document rules as buildCaseFile, without building the file: the
 * server judges this for every pushed case, and the whole file (sorting, labels, blocks) cost several times more.
 */
export function isCaseFileComplete(c: DisputeCase): boolean {
  const parties = Object.values(c.parties);
  // The cover (and with it every file) lacks the final number until the server gives it, and lacks parties if none.
  if (coverMissing(c, parties.length).length > 0) return false;
  if (c.source === 'party_applied') {
    let applicants = 0;
    let respondents = 0;
    for (const p of parties) {
      if (p.role === 'applicant') applicants++;
      else if (p.role === 'respondent') respondents++;
    }
    if (applicationMissing(applicants, respondents).length > 0) return false;
  }
  for (const v of Object.values(c.investigations ?? {})) if (investigationMissing(v).length > 0) return false;
  const concluded = c.outcome !== null;
  const sessions = Object.values(c.sessions);
  if (sessions.length === 0 ? concluded : sessions.some((s) => sessionMissing(s).length > 0)) return false;
  const a = c.agreement;
  if (a) {
    const photos = Object.values(c.photos).some((p) => p.kind === 'agreement');
    if (agreementMissing(c, a, photos, allPartiesSigned(c, parties)).length > 0) return false;
  } else if (c.outcome?.code === 'success') return false;
  if (a !== null && concluded && Object.keys(c.followUps).length === 0) return false;
  if (a && a.courtConfirmation !== 'none' && courtConfirmationMissing(a).length > 0) return false;
  return !c.outcome || closingMissing(c, c.outcome, sessions).length === 0;
}

// What each document lacks: one rule each, read by buildCaseFile (to print it) and isCaseFileComplete (to judge it).

export function coverMissing(c: DisputeCase, partyCount: number): string[] {
  return [...(c.caseNo ? [] : ['正式案号（同步后由系统给出）']), ...(partyCount === 0 ? ['当事人'] : [])];
}

export function applicationMissing(applicants: number, respondents: number): string[] {
  return [...(applicants === 0 ? ['申请人'] : []), ...(respondents === 0 ? ['被申请人'] : [])];
}

export function investigationMissing(v: { interviewees: string }): string[] {
  return v.interviewees.trim() ? [] : ['被调查人'];
}

export function sessionMissing(s: { notes: string }): string[] {
  return s.notes.trim() ? [] : ['调解过程记录'];
}

export type Agreement = NonNullable<DisputeCase['agreement']>;

/** An agreement recorded with the outcome was reached on the day the case concluded, unless a date says otherwise. */
export const agreementDate = (c: DisputeCase, a: Agreement) => a.signedOn ?? c.outcome?.concludedOn;

/** Every party has signed the agreement on the phone (a document written before signatures existed has none). */
export function allPartiesSigned(c: DisputeCase, parties: Party[]): boolean {
  if (parties.length === 0) return false;
  const signed = new Set<string | undefined>();
  for (const g of Object.values(c.signatures ?? {})) if (g.document === 'agreement' && g.signer === 'party') signed.add(g.partyId);
  return parties.every((p) => signed.has(p.id));
}

export function agreementMissing(c: DisputeCase, a: Agreement, hasAgreementPhoto: boolean, allSigned: boolean): string[] {
  const oral = a.form === 'oral';
  const missing: string[] = [];
  if (!a.content.trim()) missing.push('协议内容');
  if (!agreementDate(c, a)) missing.push(oral ? '达成协议日期' : '签订日期');
  if (!oral && !hasAgreementPhoto && !allSigned) missing.push('当事人签名（或签字协议照片）');
  return missing;
}

export function courtConfirmationMissing(a: Agreement): string[] {
  return a.courtConfirmationAppliedOn ? [] : ['申请日期'];
}

export function closingMissing(c: DisputeCase, o: NonNullable<DisputeCase['outcome']>, sessions: { notes: string }[]): string[] {
  const mediated = (mediatedOutcomes as readonly string[]).includes(o.code);
  const missing: string[] = [];
  if (!c.caseNo) missing.push('正式案号（同步后由系统给出）');
  if (mediated && sessions.every((s) => !s.notes.trim()) && !o.notes.trim()) missing.push('调解经过（无调解记录）');
  if (o.code === 'success' && !c.agreement) missing.push('调解协议');
  return missing;
}

/** The deadline of 人民调解法 §33: the parties may apply for court confirmation within 30 days of the agreement. */
export function courtConfirmationDeadline(c: Pick<DisputeCase, 'agreement' | 'outcome'>): string | null {
  const from = c.agreement?.signedOn ?? (c.agreement ? c.outcome?.concludedOn : undefined);
  return from ? addDays(from, 30) : null;
}
