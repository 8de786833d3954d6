import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error.js';

/**
 * Counts the requests and background tasks in flight so that a shutdown can wait for them: a push answers only
 * after its group commit reached the disk, so waiting for the request is waiting for the commit. Once draining,
 * new requests (on connections that were already open) get 503 SHUTTING_DOWN and `Connection: close`: nothing
 * was done for them, so a device simply sends them again to the next server.
 */
export function createDrain() {
  let inFlight = 0;
  let draining = false;
  const tasks = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  let idle: (() => void) | undefined;
  const settle = () => {
    if (inFlight === 0 && tasks.size === 0) idle?.();
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    if (draining) {
      c.header('connection', 'close');
      c.header('retry-after', '5');
      throw new ApiError(503, 'SHUTTING_DOWN', 'the server is shutting down; try again shortly');
    }
    inFlight++;
    // Under Node the request ends when its response has left (or the client went away), not when the handler
    // returns: the body is written after that, and cutting connections in between lost an answered push.
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      inFlight--;
      if (draining) settle();
    };
    try {
      await next();
    } finally {
      if (draining) c.header('connection', 'close');
      if (outgoing && !outgoing.writableFinished && !outgoing.destroyed) outgoing.once('close', end);
      else end();
    }
  };

  return {
    middleware,
    get draining() {
      return draining;
    },
    /** Aborted when the drain begins: long background work (an import) stops at its next safe point. */
    get stopping(): AbortSignal {
      return stopping.signal;
    },
    get inFlight() {
      return inFlight + tasks.size;
    },
    /** Background work a shutdown must wait for (a scheduled backup, an import job). */
    track<T>(task: Promise<T>): Promise<T> {
      tasks.add(task);
      void task.then(
        () => (tasks.delete(task), draining && settle()),
        () => (tasks.delete(task), draining && settle()),
      );
      return task;
    },
    /** Refuses new requests from now on; resolves true when nothing is in flight, false after `timeoutMs`. */
    drain(timeoutMs: number): Promise<boolean> {
      draining = true;
      stopping.abort(new Error('the server is shutting down'));
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idle = () => {
          clearTimeout(timer);
          resolve(true);
        };
        settle();
      });
    },
  };
}

export type Drain = ReturnType<typeof createDrain>;
