import { resolve } from 'node:path';
import { z } from 'zod';
import { isPostgresUrl } from './db/database-url.js';
import { parseTrustedProxies, type TrustedProxies } from './http/client-address.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z.string().optional(),
  WEB_DIST: z.string().optional(),
  TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  NODE_ENV: z.string().default('development'),
  TRUST_PROXY: z.string().optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, 'must be at least 180 (six months of audit records, 等保 2.0)').max(36500).default(365),
  STAFF_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
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
  /** Audit events older than this are pruned (AUDIT_RETENTION_DAYS, at least 180). */
  auditRetentionDays: number;
  /** A staff (non grid worker) token unused this long is expired (STAFF_IDLE_MINUTES). */
  staffIdleMinutes: number;
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
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    staffIdleMinutes: e.STAFF_IDLE_MINUTES,
  };
}
