import { z } from 'zod';
import { defineCodeList } from './labels.js';
import { idSchema, mediatingBodySchema } from './case.js';
import { requiredText } from './limits.js';

/** Kinds of people's mediation committee, as the statistics tables count organisations. */
export const committeeKinds = defineCodeList([
  { code: 'village', zh: '村', en: 'Village' },
  { code: 'residential', zh: '居（社区）', en: 'Residential (community)' },
  { code: 'township', zh: '乡镇', en: 'Township' },
  { code: 'subdistrict', zh: '街道', en: 'Sub-district' },
  { code: 'enterprise', zh: '企事业单位', en: 'Enterprise or institution' },
  { code: 'specialised', zh: '行业性专业性', en: 'Sector-specific or specialised' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const);
export type CommitteeKind = (typeof committeeKinds.codes)[number];

export const mediatorKinds = defineCodeList([
  { code: 'full_time', zh: '专职', en: 'Full-time' },
  { code: 'part_time', zh: '兼职', en: 'Part-time' },
] as const);
export type MediatorKind = (typeof mediatorKinds.codes)[number];

/** A people's mediation committee an administrator keeps; a case names the one that handled it. */
export const committeeSchema = z.object({
  id: idSchema,
  /** The org node the committee belongs to (a community's committee, a sub-district's, a specialised one). */
  nodeId: idSchema,
  name: requiredText(100),
  kind: z.enum(committeeKinds.codes),
  /** For specialised committees: which mediating body of the annual report they are (诉调委, 交调委 …). */
  body: mediatingBodySchema.optional(),
  active: z.boolean().default(true),
});
export type Committee = z.infer<typeof committeeSchema>;

export const mediatorSchema = z.object({
  id: idSchema,
  committeeId: idSchema,
  name: requiredText(50),
  kind: z.enum(mediatorKinds.codes),
  active: z.boolean().default(true),
});
export type Mediator = z.infer<typeof mediatorSchema>;
