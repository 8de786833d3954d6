import {
  intakeChannelOf,
  issueMessage,
  messageFor,
  newCaseSchema,
  toShanghaiDate,
  zodIssuesToFieldIssues,
  type IdDocumentType,
  type Locale,
  type NewCase,
  type Party,
  type PartyKind,
  type PartyRole,
} from '@tiaojie/domain';

/**
 * The capture form's state is plain strings (what inputs hold); `formToNewCase` turns it into the domain's
 * NewCase and validates it with the shared schema, so the phone checks exactly what the server checks.
 */
export interface PartyDraft {
  id: string;
  role: PartyRole;
  kind: PartyKind;
  /** A person's name, or an organisation's. */
  name: string;
  sex: '' | 'male' | 'female';
  age: string;
  idType: IdDocumentType;
  idNumber: string;
  /** A person's own phone, or the organisation's contact's. */
  phone: string;
  address: string;
  creditCode: string;
  contactName: string;
}

export interface CaseFormState {
  id: string;
  type: string;
  source: string;
  risk: string;
  riskFlags: string[];
  isGroup: boolean;
  peopleInvolved: string;
  facts: string;
  reportedOn: string;
  acceptedOn: string;
  gridId: string;
  amountInvolved: string;
  parties: PartyDraft[];
  /** The channel's fields, shown when the source is a channel's (12345, court, police); kept while switching. */
  intake?: IntakeDraft;
}

export interface IntakeDraft {
  number: string;
  sender: string;
  /** 'YYYY-MM-DDTHH:mm' as a datetime-local input holds it, Asia/Shanghai time. */
  receivedAt: string;
  deadline: string;
}

/** Now as a datetime-local value in Asia/Shanghai (the form's default received time). */
export function shanghaiMinuteInput(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

export function emptyIntake(now: Date = new Date()): IntakeDraft {
  return { number: '', sender: '', receivedAt: shanghaiMinuteInput(now), deadline: '' };
}

/** A saved intake block as form strings (the received time in Shanghai, as the input shows it). */
export function draftOfIntake(intake: { number?: string | undefined; sender?: string | undefined; receivedAt: string; deadline?: string | undefined } | undefined): IntakeDraft {
  if (!intake) return emptyIntake();
  const t = Date.parse(intake.receivedAt);
  return { number: intake.number ?? '', sender: intake.sender ?? '', receivedAt: Number.isNaN(t) ? '' : shanghaiMinuteInput(new Date(t)), deadline: intake.deadline ?? '' };
}

/** The intake block for the case's source, from the draft (blank optional fields left out); none for other sources. */
export function intakeOfDraft(source: string, draft: IntakeDraft | undefined): NewCase['intake'] {
  const channel = intakeChannelOf(source);
  if (!channel) return undefined;
  const d = draft ?? emptyIntake();
  return {
    channel,
    ...(blank(d.number) ? {} : { number: d.number.trim() }),
    ...(blank(d.sender) ? {} : { sender: d.sender.trim() }),
    // A datetime-local value has no zone: it is Shanghai time. A malformed one is left for the schema to refuse.
    receivedAt: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(d.receivedAt) ? `${d.receivedAt}:00+08:00` : d.receivedAt,
    ...(channel === 'court' && !blank(d.deadline) ? { deadline: d.deadline } : {}),
  };
}

const blank = (s: string) => s.trim() === '';
type PartyInput = NonNullable<NewCase['parties']>[string];

export function newId(): string {
  return crypto.randomUUID();
}

export function emptyParty(role: PartyRole): PartyDraft {
  return {
    id: newId(),
    role,
    kind: 'person',
    name: '',
    sex: '',
    age: '',
    idType: 'resident_id',
    idNumber: '',
    phone: '',
    address: '',
    creditCode: '',
    contactName: '',
  };
}

/** What the form keeps of a party: a person's fields, or an organisation's (the other kind's stay in the draft only). */
function partyHasDetails(p: PartyDraft): boolean {
  const shared = !blank(p.phone) || !blank(p.address);
  return p.kind === 'organisation' ? shared || !blank(p.creditCode) || !blank(p.contactName) : shared || !blank(p.idNumber) || !blank(p.age);
}

/** A party row as the schema's input (blank optional fields left out); validation is the caller's. */
export function partyOfDraft(p: PartyDraft): PartyInput {
  const optional = (key: string, value: string) => (blank(value) ? {} : { [key]: value.trim() });
  if (p.kind === 'organisation') {
    return {
      id: p.id,
      role: p.role,
      kind: 'organisation',
      personal: {
        name: p.name,
        ...optional('creditCode', p.creditCode),
        ...optional('contactName', p.contactName),
        ...optional('phone', p.phone),
        ...optional('address', p.address),
      },
    };
  }
  const age = blank(p.age) ? undefined : Number(p.age);
  return {
    id: p.id,
    role: p.role,
    kind: 'person',
    ...(p.sex ? { sex: p.sex } : {}),
    ...(age !== undefined ? { age } : {}),
    personal: {
      name: p.name,
      idType: p.idType,
      ...(blank(p.idNumber) ? {} : { idNumber: p.idNumber }),
      ...optional('phone', p.phone),
      ...optional('address', p.address),
    },
  };
}

/**
 * A saved party as form strings. The ID number stays out: screens show it masked only, so an edit form leaves
 * it blank and keeps the stored one unless a new number is typed.
 */
export function draftOfParty(p: Party): PartyDraft {
  const draft = { ...emptyParty(p.role), id: p.id, name: p.personal.name, phone: p.personal.phone ?? '', address: p.personal.address ?? '' };
  if (p.kind === 'organisation') {
    return { ...draft, kind: 'organisation', creditCode: p.personal.creditCode ?? '', contactName: p.personal.contactName ?? '' };
  }
  return { ...draft, sex: p.sex ?? '', age: p.age !== undefined ? String(p.age) : '', idType: p.personal.idType };
}

export function emptyCaseForm(gridId: string, now: Date = new Date()): CaseFormState {
  const today = toShanghaiDate(now);
  return {
    id: newId(),
    type: '',
    // Both change reported figures (by source, by risk): never pre-chosen, the worker picks.
    source: '',
    risk: '',
    riskFlags: [],
    isGroup: false,
    peopleInvolved: '2',
    facts: '',
    reportedOn: today,
    acceptedOn: today,
    gridId,
    amountInvolved: '',
    parties: [emptyParty('applicant'), emptyParty('respondent')],
    intake: emptyIntake(now),
  };
}

/**
 * A draft read back from this phone: drafts saved before parties had a kind, a document type or an organisation's
 * fields lack them, and every party field is read as a string; missing ones take the empty party's values.
 */
export function formStateOfDraft(draft: CaseFormState): CaseFormState {
  return { ...draft, riskFlags: draft.riskFlags ?? [], intake: { ...emptyIntake(), ...draft.intake }, parties: draft.parties.map((p) => ({ ...emptyParty(p.role), ...p })) };
}

/** True once the worker typed anything worth keeping (drives the dirty-form registry and drafts). */
export function isFormTouched(state: CaseFormState, pristine: CaseFormState): boolean {
  return JSON.stringify({ ...state, id: '' }) !== JSON.stringify({ ...pristine, id: '' });
}

export type FieldErrors = Record<string, string>;

export type FormResult = { ok: true; value: NewCase } | { ok: false; errors: FieldErrors };

export function formToNewCase(state: CaseFormState, locale: Locale): FormResult {
  const errors: FieldErrors = {};
  const parties: NonNullable<NewCase['parties']> = {};
  state.parties.forEach((p) => {
    // An unnamed party with nothing else filled is just an unused row; with details it is validated (and the
    // schema then asks for the name as well as checking the phone and ID number).
    if (blank(p.name) && !partyHasDetails(p)) return;
    parties[p.id] = partyOfDraft(p);
  });
  const candidate = {
    id: state.id,
    gridId: state.gridId,
    type: state.type,
    source: state.source,
    risk: state.risk,
    riskFlags: state.riskFlags,
    isGroup: state.isGroup,
    ...(state.isGroup ? { peopleInvolved: blank(state.peopleInvolved) ? Number.NaN : Number(state.peopleInvolved) } : {}),
    facts: state.facts,
    reportedOn: state.reportedOn,
    acceptedOn: state.acceptedOn,
    ...(blank(state.amountInvolved) ? {} : { amountInvolved: Number(state.amountInvolved) }),
    parties,
    ...(intakeOfDraft(state.source, state.intake) ? { intake: intakeOfDraft(state.source, state.intake) } : {}),
  };
  const parsed = newCaseSchema.safeParse(candidate);
  if (!parsed.success) {
    const partyIndex = new Map(state.parties.map((p, i) => [p.id, i]));
    for (const issue of zodIssuesToFieldIssues(parsed.error)) {
      const key = formKeyFor(issue.path, partyIndex);
      if (!errors[key]) errors[key] = formErrorText(issue.code, key, locale, issue.max);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  // Hand over the input shape (defaults are applied again by whoever parses it next).
  return { ok: true, value: candidate as NewCase };
}

/** 'parties.<id>.personal.idNumber' → 'parties.<index>.idNumber'; top-level paths stay as they are. */
function formKeyFor(path: string, partyIndex: Map<string, number>): string {
  const m = /^parties\.([^.]+)\.(?:personal\.)?([^.]+)/.exec(path);
  if (m) return `parties.${partyIndex.get(m[1]!) ?? m[1]}.${m[2]}`;
  if (path.startsWith('intake.')) return path.split('.').slice(0, 2).join('.');
  return path.split('.')[0] ?? path;
}

/** A schema issue's code as a form message; `key` is the form field it is shown under. */
export function formErrorText(code: string, key: string, locale: Locale, max?: number): string {
  // A field too long says how long it may be (the limit is the shared schema's, the server's too).
  if (code === 'TOO_LONG' && max !== undefined) return issueMessage({ code, max }, locale);
  const known = messageFor(code, locale);
  if (known !== code) return known;
  // zod's own codes (invalid enum value, NaN) mean "choose / fill this in" for a form.
  if (code === 'invalid_value' || code === 'invalid_type' || code === 'too_small') {
    return messageFor(key === 'peopleInvolved' ? 'GROUP_PEOPLE' : 'REQUIRED', locale);
  }
  return messageFor('VALIDATION_FAILED', locale);
}
