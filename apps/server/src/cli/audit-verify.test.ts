import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { recordAudit } from '../audit/index.js';
import { createDatabase } from '../db/index.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = join(repoRoot, 'apps/server/src/cli/audit-verify.ts');

function runCli(dataDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, INIT_CWD: repoRoot };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 });
}

describe('audit-verify command', () => {
  it('passes an intact trail and exits 1 naming the row after one is edited, or deleted', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-audit-'));
    const store = await createDatabase({ dataDir });
    const actor = { id: 'u1', username: 'alice', nodePath: '/d1/' };
    for (let i = 0; i < 4; i++) await recordAudit(store.db, { action: 'report.export', actor, target: `r${i}` });
    await store.close();

    const intact = runCli(dataDir);
    expect(intact.stdout).toContain('audit trail intact: 4 events verified');
    expect(intact.status).toBe(0);

    const file = new SQLite(join(dataDir, 'tiaojie.sqlite'));
    file.exec('drop trigger audit_events_no_update; drop trigger audit_events_no_delete');
    file.prepare("update audit_events set target = 'forged' where seq = 2").run();
    file.close();
    const edited = runCli(dataDir);
    expect(edited.status).toBe(1);
    expect(edited.stderr).toContain('row 2 was changed after it was written');

    const again = new SQLite(join(dataDir, 'tiaojie.sqlite'));
    again.prepare("update audit_events set target = 'r1' where seq = 2").run();
    again.prepare('delete from audit_events where seq = 3').run();
    again.close();
    const deleted = runCli(dataDir);
    expect(deleted.status).toBe(1);
    expect(deleted.stderr).toContain('rows 3…3 are missing');
  });
});
