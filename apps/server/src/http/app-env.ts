import type { User } from '@tiaojie/domain';
import type { Context } from 'hono';
import type { Store } from '../db/index.js';
import type { TrustedProxies } from './client-address.js';
import type { Drain } from '../lifecycle/drain.js';
import type { ObjectStoreConfig } from '../photos/s3-blob-store.js';
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
  /**
   * The peer address of a request's connection. main.ts reads the socket; `app.request` has none, so tests
   * pass their own. Absent: every client counts as one ('unknown'), the safe side for throttling.
   */
  peerAddress?: (c: Context) => string | undefined;
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
  /** Peers whose X-Forwarded-For is believed (TRUST_PROXY); none when absent. */
  trustProxy?: TrustedProxies;
  /** Bearer token for /api/metrics (METRICS_TOKEN); without it the endpoint is off. */
  metricsToken?: string | undefined;
  /** Staff (not grid worker) tokens unused this long expire; 30 when absent. */
  staffIdleMinutes?: number;
  /** Photos and signatures in an S3-compatible bucket (OBJECT_STORE_BUCKET …); absent: on disk under dataDir. */
  objectStore?: ObjectStoreConfig | undefined;
  /** This instance's name among several (INSTANCE_ID); default host name and data directory. */
  instanceId?: string | undefined;
}
