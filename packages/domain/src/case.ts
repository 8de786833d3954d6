import { z } from 'zod';
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
  idDocumentTypes,
  partyKinds,
  partyRoles,
  performanceStatuses,
  photoKinds,
  legacyRiskCodes,
  readRiskCode,
  riskFlags,
  riskLevels,
  type RiskLevel,
  satisfactionLevels,
  sexes,
} from './codes.js';
import { preventionSchema } from './prevention.js';
import { intakeIssues, intakeSchema } from './intake.js';
import { dateOrderIssues, type DateOrderInput } from './date-order.js';
import { isIsoDate } from './dates.js';
import { checkCreditCode, normalizeCreditCode } from './credit-code.js';
import { checkIdDocument, ID_DOCUMENT_MAX_LENGTH, normalizeIdDocumentNumber } from './identity-documents.js';
import { checkPhone, normalizePhone } from './phones.js';
import { checkIdCardNumber, checkMobile, normalizeMobile } from './validators.js';
import { boundedJsonSchema, collectionLimits, limitedRecord, limitedText, requiredText, safeString, textLimits } from './limits.js';

export const isoDateSchema = z.string().refine(isIsoDate, { message: 'DATE_FORMAT' });
export const isoDateTimeSchema = z.iso.datetime({ offset: true, message: 'DATE_FORMAT' });
export const idSchema = safeString().min(1).max(64);
const text = limitedText;
const money = z.number().min(0, { message: 'NOT_NEGATIVE' }).max(1e12);

export const disputeTypeSchema = z.enum(disputeTypes.codes);
export const caseSourceSchema = z.enum(caseSources.codes);
export const mediatingBodySchema = z.enum(mediatingBodies.codes);
export const levelSchema = z.enum(levels.codes);
/** A risk grade; old codes (一般/较大/重大) stored in IndexedDB, a server row or an older phone's push read as grades. */
export const riskLevelSchema = z
  .enum([...riskLevels.codes, ...(Object.keys(legacyRiskCodes) as (keyof typeof legacyRiskCodes)[])])
  .transform((v) => readRiskCode(v) as RiskLevel);
export const riskFlagSchema = z.enum(riskFlags.codes);
export const outcomeCodeSchema = z.enum(outcomes.codes);
export const caseStatusSchema = z.enum(caseStatuses.codes);

export const idCardNumberSchema = z
  .string()
  .transform((v) => v.trim().toUpperCase())
  .superRefine((v, ctx) => {
    const problem = checkIdCardNumber(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const mobileSchema = z
  .string()
  .transform(normalizeMobile)
  .superRefine((v, ctx) => {
    const problem = checkMobile(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A mobile, a landline with area code, or an international number (see phones.ts). */
export const phoneSchema = z
  .string()
  .transform(normalizePhone)
  .superRefine((v, ctx) => {
    const problem = checkPhone(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const creditCodeSchema = z
  .string()
  .transform(normalizeCreditCode)
  .superRefine((v, ctx) => {
    const problem = checkCreditCode(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const partyName = requiredText(textLimits.name);

/**
 * Minimum disclosure: a server answer may withhold a party's phone (and, for persons, ID number), sending its masked
 * form and a keyed hash instead (the hash serves the duplicate check). The server never stores these; an edit that
 * keeps the hash of a withheld value keeps the stored value.
 */
const disclosureFields = {
  phoneMasked: safeString().max(40).optional(),
  phoneHash: safeString().max(64).optional(),
};

/**
 * Personal data of a natural person, kept apart from the rest of the record so that it can be encrypted, masked in
 * exports, or dropped from a device without touching case facts. The document number is checked by the rule of its
 * type; parties stored before document types existed had a resident ID (the default).
 */
export const personPersonalSchema = z
  .object({
    name: partyName,
    idType: z.enum(idDocumentTypes.codes).default('resident_id'),
    idNumber: safeString().transform(normalizeIdDocumentNumber).pipe(z.string().max(ID_DOCUMENT_MAX_LENGTH, { message: 'TOO_LONG' })).optional(),
    phone: phoneSchema.optional(),
    address: text(textLimits.address).optional(),
    ...disclosureFields,
    idNumberMasked: safeString().max(ID_DOCUMENT_MAX_LENGTH).optional(),
    idHash: safeString().max(64).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.idNumber === undefined) return;
    const problem = checkIdDocument(p.idType, p.idNumber);
    if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem });
  });
/** @deprecated name kept for callers written before organisations: a natural person's personal data. */
export const partyPersonalSchema = personPersonalSchema;
export type PartyPersonal = z.infer<typeof personPersonalSchema>;

/** An organisation's details; its contact person and phone are personal data, so all of it is stored apart. */
export const organisationPersonalSchema = z.object({
  name: requiredText(100),
  creditCode: creditCodeSchema.optional(),
  contactName: text(textLimits.name).optional(),
  phone: phoneSchema.optional(),
  address: text(textLimits.address).optional(),
  ...disclosureFields,
});
export type OrganisationPersonal = z.infer<typeof organisationPersonalSchema>;

const partyCommon = { id: idSchema, role: z.enum(partyRoles.codes) };

/** Parties stored before organisations existed have no `kind`: they read as natural persons. */
export const personPartySchema = z.object({
  ...partyCommon,
  kind: z.literal('person').default('person'),
  sex: z.enum(sexes.codes).optional(),
  age: z.number().int().min(0).max(130).optional(),
  personal: personPersonalSchema,
});
export type PersonParty = z.infer<typeof personPartySchema>;

/** An organisation has no sex or age. */
export const organisationPartySchema = z.object({
  ...partyCommon,
  kind: z.literal('organisation'),
  personal: organisationPersonalSchema,
});
export type OrganisationParty = z.infer<typeof organisationPartySchema>;

export const partySchema = z.discriminatedUnion('kind', [personPartySchema, organisationPartySchema]);
export type Party = z.infer<typeof partySchema>;
export const partyKindSchema = z.enum(partyKinds.codes);

export const mediationSessionSchema = z.object({
  id: idSchema,
  date: isoDateSchema,
  mediator: requiredText(textLimits.name),
  body: mediatingBodySchema,
  notes: text(textLimits.notes).default(''),
});
export type MediationSession = z.infer<typeof mediationSessionSchema>;

/**
 * An investigation (人民调解调查记录): when and where the grid worker looked into the dispute, who investigated, whom
 * they questioned, and what they found. A case has 0..n; each is its own merge unit like a session.
 */
export const investigationSchema = z.object({
  id: idSchema,
  date: isoDateSchema,
  /** 'HH:MM', local time; optional (a worker may only note the day). */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'TIME_FORMAT' }).optional(),
  place: requiredText(textLimits.location),
  investigators: requiredText(textLimits.people),
  /** 被调查人: the persons questioned (parties, witnesses, neighbours). */
  interviewees: text(textLimits.people).default(''),
  /** 调查内容及结果. */
  findings: requiredText(textLimits.notes),
});
export type Investigation = z.infer<typeof investigationSchema>;

export const escalationSchema = z.object({
  id: idSchema,
  fromLevel: levelSchema,
  toLevel: levelSchema,
  toNodeId: idSchema,
  date: isoDateSchema,
  reason: requiredText(textLimits.reason),
  byUserId: safeString().max(64).optional(),
  /** Made by the time-limit rule, not a person: a red case nobody reported in time escalates itself. */
  automatic: z.boolean().optional(),
  /** When, to the minute (`date` is the calendar day). */
  at: isoDateTimeSchema.optional(),
});
export type Escalation = z.infer<typeof escalationSchema>;

/** One change of a case's risk grade, with its reason (shown in the case's history). */
export const riskChangeSchema = z.object({
  id: idSchema,
  from: riskLevelSchema,
  to: riskLevelSchema,
  at: isoDateTimeSchema,
  reason: requiredText(textLimits.reason),
  byUserId: safeString().max(64).optional(),
});
export type RiskChange = z.infer<typeof riskChangeSchema>;

export const outcomeSchema = z
  .object({
    code: outcomeCodeSchema,
    concludedOn: isoDateSchema,
    /** The level at which the case was resolved; escalated cases count once, here. */
    resolvedLevel: levelSchema,
    body: mediatingBodySchema,
    failedRoute: z.enum(failedRoutes.codes).optional(),
    transferredTo: text(textLimits.shortText).optional(),
    notes: text(textLimits.notes).default(''),
  })
  .superRefine((o, ctx) => {
    if (o.code === 'failed' && !o.failedRoute) {
      ctx.addIssue({ code: 'custom', path: ['failedRoute'], message: 'FAILED_ROUTE' });
    }
  });
export type Outcome = z.infer<typeof outcomeSchema>;

export const agreementSchema = z.object({
  form: z.enum(agreementForms.codes),
  /** For an oral agreement the content is recorded here (人民调解法 §30). */
  content: text(textLimits.agreementContent).default(''),
  signedOn: isoDateSchema.optional(),
  amount: money.default(0),
  courtConfirmation: z.enum(courtConfirmationStatuses.codes).default('none'),
  courtConfirmationAppliedOn: isoDateSchema.optional(),
  performance: z.enum(performanceStatuses.codes).default('pending'),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const followUpSchema = z.object({
  id: idSchema,
  date: isoDateSchema,
  visitor: requiredText(textLimits.name),
  performance: z.enum(performanceStatuses.codes),
  satisfaction: z.enum(satisfactionLevels.codes),
  residualRisk: z.boolean().default(false),
  notes: text(textLimits.notes).default(''),
});
export type FollowUp = z.infer<typeof followUpSchema>;

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'SHA256_FORMAT' });
export const photoRefSchema = z.object({
  sha256: sha256Schema,
  kind: z.enum(photoKinds.codes),
  mime: z.string().regex(/^image\/(jpeg|png|webp)$/),
  size: z.number().int().positive().max(20 * 1024 * 1024),
  takenAt: isoDateTimeSchema.optional(),
});
export type PhotoRef = z.infer<typeof photoRefSchema>;

/**
 * A signature drawn on the phone's screen: a PNG stored and synced like a photo (content-addressed), for one
 * document of the file ('agreement', 'session:<id>'), by one signer; when, and where only if the user let the
 * browser tell the location.
 */
export const signatureSchema = z.object({
  id: idSchema,
  sha256: sha256Schema,
  mime: z.literal('image/png'),
  size: z.number().int().positive().max(512 * 1024),
  document: z.string().regex(/^(agreement|session:[A-Za-z0-9_-]{1,64})$/),
  signer: z.enum(['party', 'mediator']),
  partyId: idSchema.optional(),
  /**
   * The mediator's name only. A party's name is personal data, kept in the party's (encrypted) personal part; a
   * party's signature is labelled by its role and place among the parties, and the server drops a name sent with it.
   */
  signerName: z.string().trim().min(1, { message: 'REQUIRED' }).max(50, { message: 'TOO_LONG' }).optional(),
  signedAt: isoDateTimeSchema,
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), accuracy: z.number().min(0).max(1e6) }).optional(),
});
export type Signature = z.infer<typeof signatureSchema>;

/** A field changed on two devices from the same base: both values kept until a person chooses. */
export const conflictSchema = z.object({
  id: idSchema,
  path: safeString().max(200),
  serverValue: boundedJsonSchema,
  clientValue: boundedJsonSchema,
  clientUserId: safeString().max(64),
  clientDeviceId: safeString().max(100),
  detectedAt: isoDateTimeSchema,
  resolved: z.boolean().default(false),
});
export type Conflict = z.infer<typeof conflictSchema>;

/**
 * The editable body of a case. Collections are records keyed by item id (not arrays), so two
 * devices adding sessions or follow-ups never collide: each item is its own merge unit.
 */
export const caseFieldsSchema = z.object({
  caseNo: text(textLimits.caseNo).optional(),
  /** The number the phone gave the case offline ('临G01-A3F2-0007'), kept and searchable after the final one. */
  provisionalNo: text(textLimits.caseNo).optional(),
  type: disputeTypeSchema,
  subType: text(textLimits.subType).optional(),
  source: caseSourceSchema,
  risk: riskLevelSchema.default('blue'),
  riskFlags: z.array(riskFlagSchema).max(riskFlags.codes.length).default([]),
  riskChanges: limitedRecord(riskChangeSchema, collectionLimits.riskChanges).default({}),
  isGroup: z.boolean().default(false),
  peopleInvolved: z.number().int().min(1).max(100_000).default(2),
  facts: requiredText(textLimits.facts),
  reportedOn: isoDateSchema,
  acceptedOn: isoDateSchema,
  amountInvolved: money.optional(),
  preventedCriminal: z.boolean().default(false),
  preventedPetition: z.boolean().default(false),
  /** Prevention outcomes (预防效果) the grid worker recorded on the case; absent on cases recorded before them. */
  prevention: preventionSchema.optional(),
  /** The channel the case came in by (12345 order, court delegation, police hand-over), for answering back. */
  intake: intakeSchema.optional(),
  /** The people's mediation committee that handled the case (an id of the administrator's committee records). */
  committeeId: idSchema.optional(),
  parties: limitedRecord(partySchema, collectionLimits.parties).default({}),
  sessions: limitedRecord(mediationSessionSchema, collectionLimits.sessions).default({}),
  investigations: limitedRecord(investigationSchema, collectionLimits.investigations).default({}),
  followUps: limitedRecord(followUpSchema, collectionLimits.followUps).default({}),
  photos: limitedRecord(photoRefSchema, collectionLimits.photos).default({}),
  signatures: limitedRecord(signatureSchema, collectionLimits.signatures).default({}),
  agreement: agreementSchema.nullable().default(null),
});
export type CaseFields = z.infer<typeof caseFieldsSchema>;

/** Fields that only lifecycle actions (never a plain edit) may change. */
export const caseLifecycleFieldsSchema = z.object({
  status: caseStatusSchema,
  gridId: idSchema,
  /** The node whose subtree currently handles (and sees) the case; escalation moves it up. */
  handlingNodeId: idSchema,
  handlingLevel: levelSchema,
  escalations: limitedRecord(escalationSchema, collectionLimits.escalations).default({}),
  outcome: outcomeSchema.nullable().default(null),
  conflicts: limitedRecord(conflictSchema, collectionLimits.conflicts).default({}),
});

export const caseSchema = z
  .object({
    id: idSchema,
    createdBy: safeString().max(64),
    createdAt: isoDateTimeSchema,
  })
  .extend(caseFieldsSchema.shape)
  .extend(caseLifecycleFieldsSchema.shape)
  // Reading a stored case checks only what it always checked: a stored case with dates out of order stays
  // readable (and fixable); every write checks the whole date-order rule (`dateOrderIssues`).
  .superRefine((c, ctx) => {
    checkCaseRules({ reportedOn: c.reportedOn, acceptedOn: c.acceptedOn, isGroup: c.isGroup, peopleInvolved: c.peopleInvolved }, ctx);
    checkIntake(c, ctx);
  });
export type DisputeCase = z.infer<typeof caseSchema>;

/** What a grid worker fills in to open a case. */
export const newCaseSchema = caseFieldsSchema
  .extend({ id: idSchema, gridId: idSchema })
  .superRefine((c, ctx) => {
    checkCaseRules(c, ctx);
    checkIntake(c, ctx);
  });
export type NewCase = z.input<typeof newCaseSchema>;

function checkCaseRules(c: DateOrderInput & { isGroup: boolean; peopleInvolved: number }, ctx: z.RefinementCtx) {
  for (const issue of dateOrderIssues(c)) ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.code });
  if (c.isGroup && c.peopleInvolved < 5) {
    ctx.addIssue({ code: 'custom', path: ['peopleInvolved'], message: 'GROUP_PEOPLE' });
  }
}

/** Cases had no intake block before it existed, so checking it on reads too costs no old case its readability. */
function checkIntake(c: Parameters<typeof intakeIssues>[0], ctx: z.RefinementCtx) {
  for (const issue of intakeIssues(c)) ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.code });
}

/** Top-level case fields that hold a collection merged item by item. */
export const caseCollectionFields = ['parties', 'sessions', 'investigations', 'followUps', 'photos', 'signatures', 'riskChanges'] as const;
/** Fields a plain edit may set (lifecycle fields go through actions). */
export const caseEditableFields = Object.keys(caseFieldsSchema.shape) as (keyof CaseFields)[];

export function isCaseOpen(c: Pick<DisputeCase, 'status'>): boolean {
  return c.status === 'accepted' || c.status === 'mediating';
}
