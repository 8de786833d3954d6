import type { User } from '@tiaojie/domain';
import type { Store } from '../db/index.js';
import type { Drain } from '../lifecycle/drain.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

export interface AuthContext {
  user: User;
  tokenId: string;
  deviceId: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    auth: AuthContext;
    logger: Logger;
  };
}

/** What every route module receives. */
export interface AppDeps {
  store: Store;
  config: AppConfig;
  /** Silent when absent (tests); main passes the process logger. */
  logger?: Logger;
  metrics?: Metrics;
  /** Shutdown's request counter; main passes it. */
  drain?: Drain;
}

export interface AppConfig {
  /** Where photos and the SQLite file live. */
  dataDir: string;
  /** Built PWA to serve; absent in API-only tests. */
  webDist?: string | undefined;
  tokenTtlDays: number;
  production: boolean;
  /** Bearer token for /api/metrics (METRICS_TOKEN); without it the endpoint is off. */
  metricsToken?: string | undefined;
}
