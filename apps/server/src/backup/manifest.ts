import { z } from 'zod';

export const BACKUP_FORMAT = 'tiaojie-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Tables whose row counts the manifest records and a restore compares. */
export const countedTables = ['org_nodes', 'users', 'cases', 'activities', 'change_log', 'mutations', 'photos'] as const;

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  reason: z.string(),
  dialect: z.literal('sqlite'),
  /** Applied migrations, in order: the schema version. */
  migrations: z.array(z.string()),
  historyId: z.string().nullable(),
  /** Highest server seq in the copy: how far back a restore goes. */
  maxSeq: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  files: z.array(z.object({ path: z.string(), size: z.number().int(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type BackupManifest = z.infer<typeof manifestSchema>;
