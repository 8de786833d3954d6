import type { OrgNode, User } from '@tiaojie/domain';
import { displayCaseNo } from '@tiaojie/report';
import { z } from 'zod';
import type { Store } from '../db/index.js';
import { inSubtree } from '../org/index.js';
import { ledgerCodeLists, yesNo, type LedgerRecord } from './ledger-format.js';
import { maskName, maskPhone } from './mask.js';
import { idColumnOf } from './node-columns.js';

const docSchema = z
  .object({
    caseNo: z.string().optional(),
    facts: z.string().optional(),
    reportedOn: z.string().optional(),
    parties: z.record(z.string(), z.object({ role: z.string().optional(), kind: z.string().optional() }).loose()).optional(),
  })
  .loose();
const personalSchema = z.record(z.string(), z.object({ name: z.string().optional(), phone: z.string().optional() }).loose());

function parseJson<T>(schema: z.ZodType<T>, text: string, fallback: T): T {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : fallback;
  } catch {
    return fallback;
  }
}

const label = (list: { labelOrCode(code: string): string }, code: string | null) =>
  code === null ? '' : list.labelOrCode(code);

/**
 * The year's ledger for a node, visible to `viewer`: every case open at some time in the year (accepted on or
 * before 31 Dec and not concluded before 1 Jan). Parties are masked here, before anything leaves the server;
 * ID-card numbers are never read.
 */
export async function loadLedger(store: Pick<Store, 'db' | 'personal'>, node: OrgNode, year: number, viewer: User): Promise<LedgerRecord[]> {
  const rows = await store.db
    .selectFrom('cases')
    .leftJoin('org_nodes as g', 'g.id', 'cases.grid_id')
    .select([
      'cases.id', 'cases.doc', 'cases.personal', 'cases.grid_id', 'g.name as grid_name', 'cases.type', 'cases.source', 'cases.risk',
      'cases.is_group', 'cases.people_involved', 'cases.reported_on', 'cases.accepted_on', 'cases.concluded_on', 'cases.outcome',
      'cases.resolved_level', 'cases.body', 'cases.agreement_form', 'cases.agreement_amount', 'cases.court_confirmation',
      'cases.follow_up_count', 'cases.prevented_criminal', 'cases.prevented_petition',
    ])
    .where(`cases.${idColumnOf[node.kind]}`, '=', node.id)
    .where('cases.accepted_on', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('cases.concluded_on', 'is', null), eb('cases.concluded_on', '>=', `${year}-01-01`)]))
    .where('cases.deleted', '=', 0)
    .where(inSubtree('cases.scope_path', viewer.nodePath))
    .orderBy('cases.accepted_on')
    .orderBy('cases.id')
    .execute();
  return rows.map((r) => {
    const doc = parseJson(docSchema, r.doc, {});
    const personal = parseJson(personalSchema, store.personal.open(r.personal), {});
    const partyOf = (role: string) => {
      const [id, party] = Object.entries(doc.parties ?? {}).find(([, p]) => p.role === role) ?? [];
      const p = id ? personal[id] : undefined;
      // An organisation's name is public (it is registered under its credit code); a person's is masked. Phones are
      // masked either way: an organisation's is its contact person's.
      const name = p?.name ? (party?.kind === 'organisation' ? p.name : maskName(p.name)) : '';
      return { name, phone: p?.phone ? maskPhone(p.phone) : '' };
    };
    const applicant = partyOf('applicant');
    const respondent = partyOf('respondent');
    return {
      // A case created in the app has no case number: a short form of its id, as the drill-down list shows it.
      caseNo: displayCaseNo(doc.caseNo, r.id),
      gridId: r.grid_id,
      gridName: r.grid_name ?? '',
      type: label(ledgerCodeLists.type, r.type),
      source: label(ledgerCodeLists.source, r.source),
      risk: label(ledgerCodeLists.risk, r.risk),
      isGroup: r.is_group ? yesNo.yes : yesNo.no,
      peopleInvolved: r.people_involved,
      reportedOn: r.reported_on,
      acceptedOn: r.accepted_on,
      facts: (doc.facts ?? '').slice(0, 500),
      applicant: applicant.name,
      applicantPhone: applicant.phone,
      respondent: respondent.name,
      respondentPhone: respondent.phone,
      body: label(ledgerCodeLists.body, r.body),
      concludedOn: r.concluded_on ?? '',
      outcome: label(ledgerCodeLists.outcome, r.outcome),
      resolvedLevel: label(ledgerCodeLists.resolvedLevel, r.resolved_level),
      agreementForm: label(ledgerCodeLists.agreementForm, r.agreement_form),
      // No agreement (an open case, a failed mediation): no amount — an empty cell, not a 0 that reads as "agreed on nothing".
      agreementAmount: r.agreement_form ? Number(r.agreement_amount) : '',
      courtConfirmation: label(ledgerCodeLists.courtConfirmation, r.court_confirmation),
      followUps: r.follow_up_count,
      preventedCriminal: r.prevented_criminal ? yesNo.yes : yesNo.no,
      preventedPetition: r.prevented_petition ? yesNo.yes : yesNo.no,
    };
  });
}
