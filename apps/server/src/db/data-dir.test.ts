import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareDataDir, WRITE_CHECK_FILE } from './data-dir.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'tiaojie-datadir-'));

describe('prepareDataDir', () => {
  it('creates a missing directory and leaves nothing behind', () => {
    const dir = join(scratch(), 'a', 'b');
    prepareDataDir(dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the path and the cause when the directory cannot be created', () => {
    const parent = scratch();
    writeFileSync(join(parent, 'file'), 'x');
    const dir = join(parent, 'file', 'data');
    expect(() => prepareDataDir(dir)).toThrow(`DATA_DIR ${dir} does not exist and cannot be created: ENOTDIR`);
  });

  it('names the path and says "full" when a write finds no space', () => {
    const dir = scratch();
    // /dev/full answers every write with ENOSPC: the same error a full disk gives.
    symlinkSync('/dev/full', join(dir, WRITE_CHECK_FILE));
    expect(() => prepareDataDir(dir)).toThrow(`DATA_DIR ${dir} is full: ENOSPC`);
  });

  it.skipIf(process.getuid?.() === 0)('names the path when the directory is read-only', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'ro'), { mode: 0o500 });
    expect(() => prepareDataDir(join(dir, 'ro'))).toThrow(`DATA_DIR ${join(dir, 'ro')} is not writable: EACCES`);
  });
});
