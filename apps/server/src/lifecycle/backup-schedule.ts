import { createBackup } from '../backup/create-backup.js';
import type { Logger } from '../observability/logger.js';
import type { Drain } from './drain.js';

export interface BackupScheduleOptions {
  dataDir: string;
  backupDir: string;
  keep: number;
  /** Local hour of day (0–23) for the daily run. */
  hour: number;
  logger: Logger;
  drain: Drain;
}

/** Milliseconds from `now` to the next `hour`:00 local time (tomorrow's when today's has passed). */
export function msUntilHour(now: Date, hour: number): number {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}

/**
 * The in-server daily backup (BACKUP_SCHEDULE=daily). A shutdown waits for a running backup (drain.track) and stops
 * the timer; a failed run is logged as an error (and the backup-age metric keeps growing, for the alert).
 */
export function scheduleDailyBackup(options: BackupScheduleOptions): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(run, msUntilHour(new Date(), options.hour));
    timer.unref();
  };
  const run = () => {
    const started = performance.now();
    void options.drain
      .track(createBackup({ dataDir: options.dataDir, backupDir: options.backupDir, keep: options.keep, reason: 'scheduled' }))
      .then(
        (r) => options.logger.info({ archive: r.archive, maxSeq: r.manifest.maxSeq, photos: r.manifest.files.length - 1, removed: r.removed.length, ms: Math.round(performance.now() - started) }, 'scheduled backup written'),
        (err: unknown) => options.logger.error({ err }, 'scheduled backup failed'),
      )
      .finally(arm);
  };
  arm();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
