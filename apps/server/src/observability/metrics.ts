import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface MetricsSources {
  /** PostgreSQL pool use; absent on SQLite (one connection). */
  poolStats?: () => PoolStats | undefined;
  /** Seconds since the newest backup archive, or undefined when there is none. */
  backupAgeSeconds?: () => Promise<number | undefined>;
}

/**
 * One registry per app (not prom-client's global one), so tests and several apps in one process do not share
 * counters. Route labels are route patterns (`/api/cases/:id`), never raw paths, so ids do not become series.
 */
export function createMetrics(sources: MetricsSources = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tiaojie_process_' });
  const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

  const httpRequests = new Counter({ name: 'tiaojie_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const httpDuration = new Histogram({ name: 'tiaojie_http_request_duration_seconds', help: 'HTTP request duration by route', labelNames: ['method', 'route'], buckets: durationBuckets, registers: [registry] });
  const syncBatches = new Counter({ name: 'tiaojie_sync_requests_total', help: 'Sync pushes and pulls', labelNames: ['kind'], registers: [registry] });
  const syncDuration = new Histogram({ name: 'tiaojie_sync_duration_seconds', help: 'Sync push and pull duration', labelNames: ['kind'], buckets: durationBuckets, registers: [registry] });
  const mutations = new Counter({ name: 'tiaojie_sync_mutations_total', help: 'Pushed mutations by outcome', labelNames: ['status'], registers: [registry] });
  const rejected = new Counter({ name: 'tiaojie_sync_rejected_mutations_total', help: 'Rejected mutations by error code', labelNames: ['code'], registers: [registry] });
  const importJobs = new Counter({ name: 'tiaojie_import_jobs_total', help: 'Ledger import jobs by outcome', labelNames: ['outcome'], registers: [registry] });
  const inFlight = new Gauge({ name: 'tiaojie_http_requests_in_flight', help: 'Requests being handled now', registers: [registry] });

  new Gauge({
    name: 'tiaojie_db_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting clients)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = sources.poolStats?.();
      if (!s) return;
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  const backupAge = sources.backupAgeSeconds;
  if (backupAge) {
    new Gauge({
      name: 'tiaojie_backup_age_seconds',
      help: 'Seconds since the newest backup archive; +Inf when there is none',
      registers: [registry],
      async collect() {
        this.set((await backupAge()) ?? Number.POSITIVE_INFINITY);
      },
    });
  }

  return {
    registry,
    inFlight,
    observeRequest(method: string, route: string, status: number, seconds: number) {
      httpRequests.inc({ method, route, status: String(status) });
      httpDuration.observe({ method, route }, seconds);
    },
    observeSync(kind: 'push' | 'pull', seconds: number) {
      syncBatches.inc({ kind });
      syncDuration.observe({ kind }, seconds);
    },
    countMutation(status: string, code?: string) {
      mutations.inc({ status });
      if (status === 'rejected') rejected.inc({ code: code ?? 'UNKNOWN' });
    },
    countImportJob(outcome: 'started' | 'completed' | 'failed') {
      importJobs.inc({ outcome });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
