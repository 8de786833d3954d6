import { z } from 'zod';
import { caseStatusSchema, disputeTypeSchema } from './case.js';

/** One row of the staff area list (GET /api/cases/search): no ID number or phone in any form. */
export const caseSearchRowSchema = z.object({
  id: z.string(),
  caseNo: z.string().nullable(),
  status: caseStatusSchema,
  type: disputeTypeSchema,
  handlingLevel: z.string(),
  handlingNodeId: z.string(),
  gridId: z.string(),
  reportedOn: z.string(),
  acceptedOn: z.string(),
  deadline: z.string(),
  overdue: z.boolean(),
  partyNames: z.array(z.string()),
  updatedAt: z.string(),
});
export type CaseSearchRow = z.infer<typeof caseSearchRowSchema>;
