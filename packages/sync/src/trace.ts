import { collectionLimits, disputeTypeSchema, idSchema, isAboveLevel, isoDateSchema, levelSchema, textLimits, type DisputeCase, type Level } from '@tiaojie/domain';
import { z } from 'zod';

/**
 * What a user keeps of a case escalated out of their area: where it went and when, and the few facts its list
 * line and read-only page show ("已上报至东湖社区，2025-03-02"). Built the same way on the phone (when a pull
 * removes a case it held) and on the server (for a grid worker's other phones, which never held it).
 */
export const escalatedTraceSchema = z.object({
  id: idSchema,
  caseNo: z.string().max(textLimits.caseNo).optional(),
  type: disputeTypeSchema,
  facts: z.string().max(textLimits.facts),
  gridId: idSchema,
  acceptedOn: isoDateSchema,
  /** Applicant names, as on the list line: no other personal data. */
  partyNames: z.array(z.string().max(textLimits.name)).max(collectionLimits.parties),
  toLevel: levelSchema,
  toNodeId: idSchema,
  /** The escalation's date ('YYYY-MM-DD'). */
  escalatedOn: isoDateSchema,
  reason: z.string().max(textLimits.reason),
});
export type EscalatedTraceData = z.infer<typeof escalatedTraceSchema>;

/**
 * The trace of `c` for a user at `level`, or null while the case is still handled at or below that level. The
 * escalation named is the last one that took it out of that level (later ones, made above, are not the user's).
 */
export function escalatedTraceOf(c: DisputeCase, level: Level): EscalatedTraceData | null {
  if (!isAboveLevel(c.handlingLevel, level)) return null;
  // Only an escalation from the level (or below) to above it: a case that reached this level's area only above
  // it, never handled there, has none and leaves no trace.
  const out = Object.values(c.escalations)
    .filter((e) => !isAboveLevel(e.fromLevel, level) && isAboveLevel(e.toLevel, level))
    .sort((a, b) => a.date.localeCompare(b.date) || (a.at ?? '').localeCompare(b.at ?? ''))
    .at(-1);
  if (!out) return null;
  const partyNames = Object.values(c.parties).flatMap((p) => (p.role === 'applicant' && p.personal.name ? [p.personal.name] : []));
  const trace: EscalatedTraceData = {
    id: c.id,
    type: c.type,
    facts: c.facts,
    gridId: c.gridId,
    acceptedOn: c.acceptedOn,
    partyNames,
    toLevel: out.toLevel,
    toNodeId: out.toNodeId,
    escalatedOn: out.date,
    reason: out.reason,
  };
  if (c.caseNo) trace.caseNo = c.caseNo;
  return trace;
}
