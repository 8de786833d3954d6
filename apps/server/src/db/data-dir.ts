import { closeSync, fsyncSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the file written and removed at start to prove DATA_DIR takes writes. */
export const WRITE_CHECK_FILE = '.tiaojie-write-check';
const CHECK_BYTES = 64 * 1024;

/**
 * Makes sure DATA_DIR exists and takes a synced write before the server starts, so a missing, read-only or full
 * directory stops it with the path and the cause — rather than a bare errno from SQLite or the first photo upload.
 */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new Error(`DATA_DIR ${dir} does not exist and cannot be created: ${describe(e)}`, { cause: e });
  }
  const probe = join(dir, WRITE_CHECK_FILE);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'w');
    writeSync(fd, Buffer.alloc(CHECK_BYTES));
    fsyncSync(fd);
  } catch (e) {
    const full = (e as NodeJS.ErrnoException).code === 'ENOSPC' || (e as NodeJS.ErrnoException).code === 'EDQUOT';
    throw new Error(`DATA_DIR ${dir} ${full ? 'is full' : 'is not writable'}: ${describe(e)}`, { cause: e });
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(probe);
    } catch {
      // (nothing was created, or it is already gone)
    }
  }
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code} (${err.message})` : String(e);
}
