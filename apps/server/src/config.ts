import { join, resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  // 0: any free port (tests; the log line names the one taken)
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z.string().optional(),
  WEB_DIST: z.string().optional(),
  TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  BACKUP_DIR: z.string().optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
  BACKUP_SCHEDULE: z.enum(['off', 'daily']).default('off'),
  BACKUP_HOUR: z.coerce.number().int().min(0).max(23).default(2),
});

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  webDist: string;
  tokenTtlDays: number;
  production: boolean;
  logLevel: string;
  metricsToken: string | undefined;
  shutdownTimeoutMs: number;
  backup: { dir: string; keep: number; schedule: 'off' | 'daily'; hour: number };
}

/** Reads the environment once at start; a bad value stops the server with the variable named. */
export function readConfig(env: NodeJS.ProcessEnv, repoRoot: string): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(repoRoot, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    webDist: resolve(repoRoot, e.WEB_DIST ?? 'apps/web/dist'),
    tokenTtlDays: e.TOKEN_TTL_DAYS,
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN || undefined,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    backup: { dir: resolve(repoRoot, e.BACKUP_DIR ?? join(e.DATA_DIR, 'backups')), keep: e.BACKUP_KEEP, schedule: e.BACKUP_SCHEDULE, hour: e.BACKUP_HOUR },
  };
}
