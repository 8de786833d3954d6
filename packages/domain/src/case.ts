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
  partyRoles,
  performanceStatuses,
  photoKinds,
  riskLevels,
  satisfactionLevels,
  sexes,
} from './codes.js';
import { isIsoDate } from './dates.js';
import { checkIdCardNumber, checkMobile, normalizeMobile } from './validators.js';

export const isoDateSchema = z.string().refine(isIsoDate, { message: 'DATE_FORMAT' });
export const isoDateTimeSchema = z.iso.datetime({ offset: true, message: 'DATE_FORMAT' });
export const idSchema = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max, { message: 'TOO_LONG' });
const money = z.number().min(0, { message: 'NOT_NEGATIVE' }).max(1e12);

export const disputeTypeSchema = z.enum(disputeTypes.codes);
export const caseSourceSchema = z.enum(caseSources.codes);
export const mediatingBodySchema = z.enum(mediatingBodies.codes);
export const levelSchema = z.enum(levels.codes);
export const riskLevelSchema = z.enum(riskLevels.codes);
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

/**
 * Personal data of a party, kept apart from the rest of the record so that it can be
 * encrypted, masked in exports, or dropped from a device without touching case facts.
 */
export const partyPersonalSchema = z.object({
  name: z.string().trim().min(1, { message: 'REQUIRED' }).max(50, { message: 'TOO_LONG' }),
  idNumber: idCardNumberSchema.optional(),
  phone: mobileSchema.optional(),
  address: text(200).optional(),
});
export type PartyPersonal = z.infer<typeof partyPersonalSchema>;

export const partySchema = z.object({
  id: idSchema,
  role: z.enum(partyRoles.codes),
  sex: z.enum(sexes.codes).optional(),
  age: z.number().int().min(0).max(130).optional(),
  personal: partyPersonalSchema,
});
export type Party = z.infer<typeof partySchema>;

export const mediationSessionSchema = z.object({
  id: idSchema,
  date: isoDateSchema,
  mediator: z.string().trim().min(1, { message: 'REQUIRED' }).max(50),
  body: mediatingBodySchema,
  notes: text(4000).default(''),
});
export type MediationSession = z.infer<typeof mediationSessionSchema>;

export const escalationSchema = z.object({
  id: idSchema,
  fromLevel: levelSchema,
  toLevel: levelSchema,
  toNodeId: idSchema,
  date: isoDateSchema,
  reason: z.string().trim().min(1, { message: 'REQUIRED' }).max(1000),
  byUserId: z.string().optional(),
});
export type Escalation = z.infer<typeof escalationSchema>;

export const outcomeSchema = z
  .object({
    code: outcomeCodeSchema,
    concludedOn: isoDateSchema,
    /** The level at which the case was resolved; escalated cases count once, here. */
    resolvedLevel: levelSchema,
    body: mediatingBodySchema,
    failedRoute: z.enum(failedRoutes.codes).optional(),
    transferredTo: text(100).optional(),
    notes: text(2000).default(''),
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
  content: text(4000).default(''),
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
  visitor: z.string().trim().min(1, { message: 'REQUIRED' }).max(50),
  performance: z.enum(performanceStatuses.codes),
  satisfaction: z.enum(satisfactionLevels.codes),
  residualRisk: z.boolean().default(false),
  notes: text(2000).default(''),
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
  signerName: z.string().trim().min(1, { message: 'REQUIRED' }).max(50, { message: 'TOO_LONG' }),
  signedAt: isoDateTimeSchema,
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), accuracy: z.number().min(0).max(1e6) }).optional(),
});
export type Signature = z.infer<typeof signatureSchema>;

/** A field changed on two devices from the same base: both values kept until a person chooses. */
export const conflictSchema = z.object({
  id: idSchema,
  path: z.string(),
  serverValue: z.unknown(),
  clientValue: z.unknown(),
  clientUserId: z.string(),
  clientDeviceId: z.string(),
  detectedAt: isoDateTimeSchema,
  resolved: z.boolean().default(false),
});
export type Conflict = z.infer<typeof conflictSchema>;

/**
 * The editable body of a case. Collections are records keyed by item id (not arrays), so two
 * devices adding sessions or follow-ups never collide: each item is its own merge unit.
 */
export const caseFieldsSchema = z.object({
  /** The case number (案号): final, given by the server when it first accepts the case (or the imported ledger's). */
  caseNo: text(40).optional(),
  /** The number the phone gave the case offline ('临G01-A3F2-0007'), kept and searchable after the final one. */
  provisionalNo: text(40).optional(),
  type: disputeTypeSchema,
  subType: text(50).optional(),
  source: caseSourceSchema,
  risk: riskLevelSchema.default('general'),
  isGroup: z.boolean().default(false),
  peopleInvolved: z.number().int().min(1).max(100_000).default(2),
  facts: z.string().trim().min(1, { message: 'REQUIRED' }).max(4000, { message: 'TOO_LONG' }),
  reportedOn: isoDateSchema,
  acceptedOn: isoDateSchema,
  amountInvolved: money.optional(),
  preventedCriminal: z.boolean().default(false),
  preventedPetition: z.boolean().default(false),
  parties: z.record(z.string(), partySchema).default({}),
  sessions: z.record(z.string(), mediationSessionSchema).default({}),
  followUps: z.record(z.string(), followUpSchema).default({}),
  photos: z.record(z.string(), photoRefSchema).default({}),
  signatures: z.record(z.string(), signatureSchema).default({}),
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
  escalations: z.record(z.string(), escalationSchema).default({}),
  outcome: outcomeSchema.nullable().default(null),
  conflicts: z.record(z.string(), conflictSchema).default({}),
});

export const caseSchema = z
  .object({
    id: idSchema,
    createdBy: z.string(),
    createdAt: isoDateTimeSchema,
  })
  .extend(caseFieldsSchema.shape)
  .extend(caseLifecycleFieldsSchema.shape)
  .superRefine(checkCaseRules);
export type DisputeCase = z.infer<typeof caseSchema>;

/** What a grid worker fills in to open a case. */
export const newCaseSchema = caseFieldsSchema
  .extend({ id: idSchema, gridId: idSchema })
  .superRefine(checkCaseRules);
export type NewCase = z.input<typeof newCaseSchema>;

function checkCaseRules(
  c: { reportedOn: string; acceptedOn: string; isGroup: boolean; peopleInvolved: number },
  ctx: z.RefinementCtx,
) {
  if (isIsoDate(c.reportedOn) && isIsoDate(c.acceptedOn) && c.acceptedOn < c.reportedOn) {
    ctx.addIssue({ code: 'custom', path: ['acceptedOn'], message: 'DATE_ORDER' });
  }
  if (c.isGroup && c.peopleInvolved < 5) {
    ctx.addIssue({ code: 'custom', path: ['peopleInvolved'], message: 'GROUP_PEOPLE' });
  }
}

/** Top-level case fields that hold a collection merged item by item. */
export const caseCollectionFields = ['parties', 'sessions', 'followUps', 'photos', 'signatures'] as const;
/** Fields a plain edit may set (lifecycle fields go through actions). */
export const caseEditableFields = Object.keys(caseFieldsSchema.shape) as (keyof CaseFields)[];

export function isCaseOpen(c: Pick<DisputeCase, 'status'>): boolean {
  return c.status === 'accepted' || c.status === 'mediating';
}
