import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Starts the real server process; one that does not stop by itself within the timeout is killed (status null). */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', main], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', PORT: '18999', HOST: '127.0.0.1', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

describe('server start', () => {
  it('refuses a DATABASE_URL it does not recognise, naming it, and creates no SQLite file with demo accounts', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-main-'));
    const run = start({ DATABASE_URL: 'mysql://root@127.0.0.1/tiaojie', DATA_DIR: dataDir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('tiaojie cannot start: DATABASE_URL is not a PostgreSQL URL (scheme "mysql:")');
    expect(existsSync(join(dataDir, 'tiaojie.sqlite'))).toBe(false);
  });

  it('refuses a DATA_DIR it cannot create, naming the path and the cause', () => {
    const parent = mkdtempSync(join(tmpdir(), 'tiaojie-main-'));
    writeFileSync(join(parent, 'file'), 'x');
    const run = start({ DATA_DIR: join(parent, 'file', 'data') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`tiaojie cannot start: DATA_DIR ${join(parent, 'file', 'data')} does not exist and cannot be created: ENOTDIR`);
  });
});
