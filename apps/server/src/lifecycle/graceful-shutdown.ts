import type { Server } from 'node:http';
import type { Store } from '../db/index.js';
import type { Logger } from '../observability/logger.js';
import type { Drain } from './drain.js';

export interface ShutdownDeps {
  server: Pick<Server, 'close' | 'closeIdleConnections' | 'closeAllConnections'>;
  store: Pick<Store, 'close'>;
  drain: Drain;
  logger: Logger;
  /** How long in-flight requests and group commits get before the connections are cut (SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  /** Stops timers (the backup schedule) before the wait. */
  beforeDrain?: () => void;
}

/**
 * SIGTERM/SIGINT: stop listening, let in-flight requests (and so their group commits) and background tasks finish
 * within the time limit, and only then close the database. Closing it first (as before) failed a push mid-batch:
 * what it had committed was durable, but the device never heard so and the last group's sync could be cut.
 * A second signal is logged and ignored: systemd's SIGKILL after TimeoutStopSec is the hard stop.
 */
export function createShutdown(deps: ShutdownDeps): (signal: string) => Promise<number> {
  let running: Promise<number> | undefined;
  return (signal) => {
    if (running) {
      deps.logger.warn({ signal }, 'shutdown already in progress');
      return running;
    }
    running = (async () => {
      deps.logger.info({ signal, inFlight: deps.drain.inFlight }, 'shutting down: no new requests, waiting for the ones in flight');
      deps.beforeDrain?.();
      const deadline = Date.now() + deps.timeoutMs;
      const closed = new Promise<void>((resolve) => deps.server.close(() => resolve()));
      deps.server.closeIdleConnections();
      const drained = await deps.drain.drain(deps.timeoutMs);
      if (!drained) deps.logger.warn({ inFlight: deps.drain.inFlight, timeoutMs: deps.timeoutMs }, 'shutdown time limit reached; cutting the remaining requests');
      // Answers went out with Connection: close, so their connections end by themselves; idle keep-alive ones are cut.
      deps.server.closeIdleConnections();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(2000, deadline - Date.now()))).unref())]);
      deps.server.closeAllConnections();
      try {
        await deps.store.close();
      } catch (err) {
        deps.logger.error({ err }, 'closing the database failed');
        return 1;
      }
      deps.logger.info({ drained }, 'database closed; exiting');
      return drained ? 0 : 1;
    })();
    return running;
  };
}
