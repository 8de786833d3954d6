import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The README's first test step (scripts/setup-system.sh), run against stand-in commands: it must work as root
 * without sudo (CI images), go through sudo otherwise, and do nothing when everything is installed.
 */
const script = fileURLToPath(new URL('../../../../scripts/setup-system.sh', import.meta.url));
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function machine(opts: { uid: number; sudo: boolean; chromium: boolean; font: boolean; nginx?: boolean }) {
  const bin = mkdtempSync(join(tmpdir(), 'setup-system-'));
  dirs.push(bin);
  const tool = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const log = join(bin, 'calls.log');
  tool('id', `echo ${opts.uid}`);
  tool('fc-list', opts.font ? 'echo "/usr/share/fonts/wqy-microhei.ttc: WenQuanYi Micro Hei"' : 'echo "/usr/share/fonts/DejaVuSans.ttf: DejaVu Sans"');
  tool('apt-get', `echo "apt-get $*" >> ${log}`);
  if (opts.sudo) tool('sudo', `echo "sudo" >> ${log}; "$@"`);
  if (opts.chromium) tool('chromium', 'exit 0');
  if (opts.nginx ?? true) tool('nginx', 'exit 0');
  for (const name of ['grep', 'env', 'cat']) symlinkSync(spawnSync('sh', ['-c', `command -v ${name}`]).stdout.toString().trim(), join(bin, name));
  const run = spawnSync('/bin/sh', [script], { env: { PATH: bin }, encoding: 'utf8' });
  const calls = spawnSync('/bin/sh', ['-c', `cat ${log} 2>/dev/null`], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  return { status: run.status, output: run.stdout + run.stderr, calls };
}

describe('scripts/setup-system.sh', () => {
  it('installs what is missing as root, with no sudo on the machine', () => {
    const r = machine({ uid: 0, sudo: false, chromium: false, font: false });
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq chromium fonts-wqy-microhei']);
    const bare = machine({ uid: 0, sudo: false, chromium: false, font: false, nginx: false });
    expect(bare.calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq chromium fonts-wqy-microhei nginx']);
  });

  it('goes through sudo when not root, installing only what is missing', () => {
    const r = machine({ uid: 1000, sudo: true, chromium: true, font: false });
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(['sudo', 'apt-get update -qq', 'sudo', 'apt-get install -y -qq fonts-wqy-microhei']);
  });

  it('does nothing when everything is installed, and says plainly when it cannot install', () => {
    expect(machine({ uid: 1000, sudo: false, chromium: true, font: true })).toMatchObject({ status: 0, calls: [] });
    const stuck = machine({ uid: 1000, sudo: false, chromium: false, font: true });
    expect(stuck.status).toBe(1);
    expect(stuck.output).toContain('run this script as root');
  });
});
