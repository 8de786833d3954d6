import type { User } from '@tiaojie/domain';
import type { Store } from '../db/index.js';

export interface AuthContext {
  user: User;
  tokenId: string;
  deviceId: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    auth: AuthContext;
  };
}

/** What every route module receives. */
export interface AppDeps {
  store: Store;
  config: AppConfig;
}

export interface AppConfig {
  /** Where photos and the SQLite file live. */
  dataDir: string;
  /** Built PWA to serve; absent in API-only tests. */
  webDist?: string | undefined;
  tokenTtlDays: number;
  production: boolean;
}
