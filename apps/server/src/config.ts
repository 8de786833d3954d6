import { join, resolve } from 'node:path';
import { z } from 'zod';
import { cipherNames, type CipherName } from './crypto/personal-cipher.js';
import { isPostgresUrl } from './db/database-url.js';
import { parseTrustedProxies, type TrustedProxies } from './http/client-address.js';
import type { ObjectStoreConfig } from './photos/s3-blob-store.js';

const envSchema = z.object({
  // 0: any free port (tests; the log line names the one taken)
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z.string().optional(),
  WEB_DIST: z.string().optional(),
  TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  NODE_ENV: z.string().default('development'),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  BACKUP_DIR: z.string().optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
  BACKUP_SCHEDULE: z.enum(['off', 'daily']).default('off'),
  BACKUP_HOUR: z.coerce.number().int().min(0).max(23).default(2),
  MASTER_KEY: z.string().optional(),
  KEY_FILE: z.string().optional(),
  CIPHER: z.enum(cipherNames).default('aes-256-gcm'),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, 'must be at least 180 (six months of audit records, 等保 2.0)').max(36500).default(365),
  STAFF_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  OBJECT_STORE_BUCKET: z.string().optional(),
  OBJECT_STORE_ENDPOINT: z.string().url().optional(),
  OBJECT_STORE_REGION: z.string().default('us-east-1'),
  OBJECT_STORE_ACCESS_KEY_ID: z.string().optional(),
  OBJECT_STORE_SECRET_ACCESS_KEY: z.string().optional(),
  OBJECT_STORE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  OBJECT_STORE_PREFIX: z.string().default('photos/'),
  INSTANCE_ID: z.string().optional(),
  RISK_SWEEP_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
});

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  webDist: string;
  tokenTtlDays: number;
  production: boolean;
  /** Peers whose X-Forwarded-For names the client (TRUST_PROXY); nobody's by default. */
  trustProxy: TrustedProxies;
  logLevel: string;
  metricsToken: string | undefined;
  shutdownTimeoutMs: number;
  backup: { dir: string; keep: number; schedule: 'off' | 'daily'; hour: number };
  /** Base64 master key (MASTER_KEY); wins over the key file. */
  masterKey: string | undefined;
  /** KEY_FILE, default <DATA_DIR>/master.key. */
  keyFile: string;
  /** Cipher for party data at rest (CIPHER). */
  cipher: CipherName;
  /** Audit events older than this are pruned (AUDIT_RETENTION_DAYS, at least 180). */
  auditRetentionDays: number;
  /** A staff (non grid worker) token unused this long is expired (STAFF_IDLE_MINUTES). */
  staffIdleMinutes: number;
  /** Photos and signatures in an S3-compatible bucket (OBJECT_STORE_BUCKET set); otherwise on disk. */
  objectStore: ObjectStoreConfig | undefined;
  /** INSTANCE_ID: needed only when instances share one DATA_DIR (import jobs are recovered by instance). */
  instanceId: string | undefined;
  /** RISK_SWEEP_SECONDS: how often the server escalates cases whose risk limit passed with nobody acting (0: never). */
  riskSweepSeconds: number;
}

/** Reads the environment once at start; a bad value stops the server with the variable named. */
export function readConfig(env: NodeJS.ProcessEnv, repoRoot: string): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL?.trim() || undefined;
  // Anything else here is a mistake to stop on: falling back to SQLite would start an empty server (with demo
  // accounts outside production) while the operator believes their PostgreSQL is in use.
  if (databaseUrl && !isPostgresUrl(databaseUrl)) {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(databaseUrl)?.[0];
    throw new Error(
      `DATABASE_URL is not a PostgreSQL URL (${scheme ? `scheme "${scheme}"` : 'no URL scheme'}): write it as postgres://user:password@host:5432/db, ` +
        'or leave it empty for the embedded SQLite database',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(repoRoot, e.DATA_DIR),
    databaseUrl,
    webDist: resolve(repoRoot, e.WEB_DIST ?? 'apps/web/dist'),
    tokenTtlDays: e.TOKEN_TTL_DAYS,
    production: e.NODE_ENV === 'production',
    trustProxy: parseTrustedProxies(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN || undefined,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    backup: { dir: resolve(repoRoot, e.BACKUP_DIR ?? join(e.DATA_DIR, 'backups')), keep: e.BACKUP_KEEP, schedule: e.BACKUP_SCHEDULE, hour: e.BACKUP_HOUR },
    masterKey: e.MASTER_KEY?.trim() || undefined,
    keyFile: e.KEY_FILE ? resolve(repoRoot, e.KEY_FILE) : resolve(repoRoot, e.DATA_DIR, 'master.key'),
    cipher: e.CIPHER,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    staffIdleMinutes: e.STAFF_IDLE_MINUTES,
    objectStore: e.OBJECT_STORE_BUCKET?.trim()
      ? {
          bucket: e.OBJECT_STORE_BUCKET.trim(),
          endpoint: e.OBJECT_STORE_ENDPOINT || undefined,
          region: e.OBJECT_STORE_REGION,
          accessKeyId: e.OBJECT_STORE_ACCESS_KEY_ID || undefined,
          secretAccessKey: e.OBJECT_STORE_SECRET_ACCESS_KEY || undefined,
          // (a self-hosted service behind an endpoint wants the bucket in the path; AWS itself, by host name)
          forcePathStyle: e.OBJECT_STORE_PATH_STYLE ? e.OBJECT_STORE_PATH_STYLE === 'true' : Boolean(e.OBJECT_STORE_ENDPOINT),
          prefix: e.OBJECT_STORE_PREFIX,
        }
      : undefined,
    instanceId: e.INSTANCE_ID?.trim() || undefined,
    riskSweepSeconds: e.RISK_SWEEP_SECONDS,
  };
}
