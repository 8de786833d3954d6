import { z } from 'zod';
import { activityKinds } from './codes.js';
import { idSchema, isoDateSchema, isoDateTimeSchema } from './case.js';
import { preventionSchema } from './prevention.js';
import { limitedText, requiredText, safeString, textLimits } from './limits.js';

export const activityKindSchema = z.enum(activityKinds.codes);

export const activityFieldsSchema = z.object({
  kind: activityKindSchema,
  date: isoDateSchema,
  title: requiredText(textLimits.title),
  location: limitedText(textLimits.location).default(''),
  /** People taking part: trainees, meeting attendees, publicity audience, consultations (人次). */
  participants: z.number().int().min(0, { message: 'NOT_NEGATIVE' }).max(1_000_000).default(0),
  /** For screening rounds and meetings: disputes found. */
  disputesFound: z.number().int().min(0, { message: 'NOT_NEGATIVE' }).max(100_000).default(0),
  notes: limitedText(textLimits.notes).default(''),
  /** For screening rounds: what the round headed off (预防纠纷, 防止自杀 / 民转刑 / 群体性上访 / 群体性械斗). */
  prevention: preventionSchema.optional(),
});
export type ActivityFields = z.infer<typeof activityFieldsSchema>;

export const activitySchema = activityFieldsSchema.extend({
  id: idSchema,
  nodeId: idSchema,
  createdBy: safeString().max(64),
  createdAt: isoDateTimeSchema,
});
export type Activity = z.infer<typeof activitySchema>;

export const newActivitySchema = activityFieldsSchema.extend({ id: idSchema, nodeId: idSchema });
export type NewActivity = z.input<typeof newActivitySchema>;
