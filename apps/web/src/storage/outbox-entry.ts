import { mutationNames } from '@tiaojie/sync';
import { z } from 'zod';

/**
 * An outbox entry as stored in IndexedDB. `v` is the entry format: when it changes, add the old format's
 * upgrade to `readOutboxEntry` so that entries written by an older app version still sync after an update.
 */
export const OUTBOX_FORMAT = 1;

export const outboxEntrySchema = z.object({
  v: z.literal(OUTBOX_FORMAT),
  /** Mutation id: per replica, increasing from 1, allocated in the same transaction as the record. */
  id: z.number().int().positive(),
  name: z.enum(mutationNames),
  args: z.unknown(),
  clientTime: z.string(),
  caseId: z.string().optional(),
  activityId: z.string().optional(),
  /**
   * Set when the server applied it at this seq: the entry stays applied on top of the local copy until the
   * record's server copy has reached that seq (from the push answer itself, or from a pull), so the screen
   * never flickers back.
   */
  confirmedSeq: z.number().int().optional(),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

/** Format 0 (before versioning) had no `v` and named the device clock `createdAt`. */
const legacyEntrySchema = z.object({
  id: z.number().int().positive(),
  name: z.enum(mutationNames),
  args: z.unknown(),
  createdAt: z.string(),
  caseId: z.string().optional(),
  activityId: z.string().optional(),
});

export function readOutboxEntry(raw: unknown): OutboxEntry {
  const current = outboxEntrySchema.safeParse(raw);
  if (current.success) return current.data;
  const legacy = legacyEntrySchema.parse(raw);
  return {
    v: OUTBOX_FORMAT,
    id: legacy.id,
    name: legacy.name,
    args: legacy.args,
    clientTime: legacy.createdAt,
    ...(legacy.caseId ? { caseId: legacy.caseId } : {}),
    ...(legacy.activityId ? { activityId: legacy.activityId } : {}),
  };
}
