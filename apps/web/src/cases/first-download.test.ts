import { describe, expect, it } from 'vitest';
import { isFirstDownload } from './first-download.ts';

const never = { lastSuccessAt: null, lastError: null, syncing: false };
const failed = { code: 'NETWORK' as const, message: 'offline', at: '2026-11-22T08:00:00.000Z' };

describe('isFirstDownload', () => {
  it('is downloading before any sync completed, while one runs or is about to', () => {
    expect(isFirstDownload(never, true)).toBe(true);
    expect(isFirstDownload({ ...never, syncing: true }, true)).toBe(true);
    // An earlier run's error (download cut off) does not hide a run in progress.
    expect(isFirstDownload({ ...never, lastError: failed, syncing: true }, true)).toBe(true);
  });

  it('shows what is stored once a run failed, when offline, or after any completed sync', () => {
    expect(isFirstDownload({ ...never, lastError: failed }, true)).toBe(false);
    expect(isFirstDownload(never, false)).toBe(false);
    expect(isFirstDownload({ ...never, lastSuccessAt: '2026-11-22T08:00:00.000Z', syncing: true }, true)).toBe(false);
  });
});
