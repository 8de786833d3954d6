import {
  caseSchema,
  messageFor,
  preventionKinds,
  riskChangeSchema,
  zodIssuesToFieldIssues,
  type DisputeCase,
  type Locale,
  type Prevention,
  type PreventionKind,
  type RiskChange,
} from '@tiaojie/domain';
import { jsonEqual } from '@tiaojie/sync';
import type { CaseScalarChanges, CaseScalarField } from '../../storage/index.ts';
import { draftOfIntake, formErrorText, intakeOfDraft, type CaseFormState } from '../case-form-model.ts';
import { dateOrderErrors } from './form-errors.ts';

/**
 * The case's own fields as the edit sheet holds them (strings, as inputs do). The agreement is left to the
 * outcome: it is recorded when the case is concluded, together with the outcome it belongs to.
 */
export interface CaseEditState extends Omit<CaseFormState, 'id' | 'gridId' | 'parties'> {
  subType: string;
  caseNo: string;
  preventedCriminal: boolean;
  preventedPetition: boolean;
  /** Why the risk grade changed: required when it did, recorded in the case's history. */
  riskReason: string;
  /** '' when no committee is named. */
  committeeId: string;
  prevention: PreventionState;
}

/** 预防纠纷 as a tick; each 防止… outcome as its number of people ('' when it did not happen). */
export interface PreventionState {
  disputes: boolean;
  people: Record<PreventionKind, string>;
}

function preventionStateOf(c: DisputeCase): PreventionState {
  const p = c.prevention;
  // Cases recorded with the older ticks show them as outcomes with the people involved.
  const legacy = (kind: PreventionKind) => (kind === 'criminal' && c.preventedCriminal) || (kind === 'petition' && c.preventedPetition);
  const people = Object.fromEntries(
    preventionKinds.codes.map((k) => [k, p?.[k] ? String(p[k].people) : legacy(k) ? String(c.peopleInvolved) : '']),
  ) as Record<PreventionKind, string>;
  return { disputes: (p?.disputes ?? 0) > 0, people };
}

/** The prevention record of the sheet; undefined when nothing was prevented. */
export function preventionOf(state: PreventionState): Prevention | undefined {
  const outcomes: Partial<Prevention> = {};
  for (const k of preventionKinds.codes) {
    const v = state.people[k].trim();
    if (v !== '') outcomes[k] = { cases: 1, people: Number(v) };
  }
  if (!state.disputes && Object.keys(outcomes).length === 0) return undefined;
  return { disputes: state.disputes ? 1 : 0, ...outcomes };
}

export const caseEditFields = [
  'type',
  'subType',
  'caseNo',
  'source',
  'risk',
  'riskFlags',
  'isGroup',
  'peopleInvolved',
  'facts',
  'reportedOn',
  'acceptedOn',
  'amountInvolved',
  'preventedCriminal',
  'preventedPetition',
  'committeeId',
  'prevention',
  'intake',
] as const satisfies readonly (keyof CaseEditState & CaseScalarField)[];

export function caseEditStateOf(c: DisputeCase): CaseEditState {
  return {
    type: c.type,
    subType: c.subType ?? '',
    caseNo: c.caseNo ?? '',
    source: c.source,
    risk: c.risk,
    riskFlags: [...c.riskFlags],
    riskReason: '',
    isGroup: c.isGroup,
    peopleInvolved: String(c.peopleInvolved),
    facts: c.facts,
    reportedOn: c.reportedOn,
    acceptedOn: c.acceptedOn,
    amountInvolved: c.amountInvolved !== undefined ? String(c.amountInvolved) : '',
    preventedCriminal: c.preventedCriminal,
    preventedPetition: c.preventedPetition,
    committeeId: c.committeeId ?? '',
    prevention: preventionStateOf(c),
    intake: draftOfIntake(c.intake),
  };
}

/**
 * The intake block the sheet means: none for a source that is no channel's; for a case recorded without one (before
 * channels, or imported) none until the worker types its number or sender, so editing another field never demands it.
 */
function intakeOfSheet(original: DisputeCase, state: CaseEditState): DisputeCase['intake'] {
  const d = state.intake;
  if (!original.intake && (!d || (blank(d.number) && blank(d.sender)))) return undefined;
  // Untouched fields keep the block as stored (its received time may be written with another offset or seconds).
  const block = intakeOfDraft(state.source, d);
  if (original.intake && block?.channel === original.intake.channel && d && jsonEqual(d, draftOfIntake(original.intake))) return original.intake;
  return intakeOfDraft(state.source, d) as DisputeCase['intake'];
}

export type CaseEditResult = { ok: true; changes: CaseScalarChanges; riskChange?: RiskChange } | { ok: false; errors: Record<string, string> };

const blank = (s: string) => s.trim() === '';

/**
 * Validates the sheet as the whole case would be (the shared schema, cross-field rules included) and returns
 * only the fields that differ from `original`, the case as it was when the sheet opened. Sending unchanged
 * fields would overwrite what another device changed meanwhile, and make conflicts out of nothing.
 */
export function caseEditChanges(original: DisputeCase, state: CaseEditState, locale: Locale, context: { userId?: string; now?: Date; newId?: () => string } = {}): CaseEditResult {
  const optionalText = (v: string) => (blank(v) ? undefined : v.trim());
  const candidate: Record<string, unknown> = {
    ...original,
    type: state.type,
    subType: optionalText(state.subType),
    caseNo: optionalText(state.caseNo),
    source: state.source,
    risk: state.risk,
    riskFlags: state.riskFlags,
    isGroup: state.isGroup,
    // Hidden unless the dispute is a group one, and then left as it was.
    peopleInvolved: state.isGroup ? (blank(state.peopleInvolved) ? Number.NaN : Number(state.peopleInvolved)) : original.peopleInvolved,
    facts: state.facts,
    reportedOn: state.reportedOn,
    acceptedOn: state.acceptedOn,
    amountInvolved: blank(state.amountInvolved) ? undefined : Number(state.amountInvolved),
    committeeId: blank(state.committeeId) ? undefined : state.committeeId,
    prevention: preventionOf(state.prevention),
    intake: intakeOfSheet(original, state),
    // The annual report's two ticks follow the prevention record (one place to enter them).
    preventedCriminal: state.prevention.people.criminal.trim() !== '',
    preventedPetition: state.prevention.people.petition.trim() !== '',
  };
  const parsed = caseSchema.safeParse(candidate);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of zodIssuesToFieldIssues(parsed.error)) {
      // The channel's fields are shown one by one ('intake.number'); every other field by its top-level name.
      const key = issue.path.startsWith('intake.') ? issue.path.split('.').slice(0, 2).join('.') : (issue.path.split('.')[0] ?? issue.path);
      const typed = state[key as keyof CaseEditState];
      // A cleared date reads as "fill this in", not as a date in the wrong format.
      errors[key] ??= typeof typed === 'string' && blank(typed) ? messageFor('REQUIRED', locale) : formErrorText(issue.code, key, locale, issue.max);
    }
    return { ok: false, errors };
  }
  // Only the two dates of this sheet can move: whatever the rule then finds out of order is said at acceptance.
  const order = dateOrderErrors(parsed.data, () => 'acceptedOn', locale);
  if (order.acceptedOn) return { ok: false, errors: order };
  const changes: Record<string, unknown> = {};
  for (const field of caseEditFields) {
    const next = parsed.data[field];
    // null clears an optional field (the case number, the amount) in the store and on the server.
    if (!jsonEqual(next, original[field])) changes[field] = next ?? null;
  }
  if (changes.risk === undefined) return { ok: true, changes: changes as CaseScalarChanges };
  // A grade is changed with a reason, kept as an item of the case (its history shows every change).
  if (blank(state.riskReason)) return { ok: false, errors: { riskReason: messageFor('REQUIRED', locale) } };
  const riskChange = riskChangeSchema.safeParse({
    id: (context.newId ?? (() => crypto.randomUUID()))(),
    from: original.risk,
    to: parsed.data.risk,
    at: (context.now ?? new Date()).toISOString(),
    reason: state.riskReason.trim(),
    ...(context.userId ? { byUserId: context.userId } : {}),
  });
  if (!riskChange.success) return { ok: false, errors: { riskReason: formErrorText(zodIssuesToFieldIssues(riskChange.error)[0]?.code ?? 'TOO_LONG', 'riskReason', locale) } };
  return { ok: true, changes: changes as CaseScalarChanges, riskChange: riskChange.data };
}
