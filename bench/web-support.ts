/**
 * Shared by the web benchmarks: build the PWA, start the real server on a free port with a throwaway data
 * directory (demo district seeded), launch Debian's Chromium, and sign a browser context in without the UI.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function buildWeb(): void {
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: 'apps/web', stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('vite build failed');
}

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-bench-'));
  const child = spawn('npx', ['tsx', 'apps/server/src/main.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  await waitForLine(child, /tiaojie listening on/, 60_000);
  return {
    baseUrl: `http://localhost:${port}`,
    async stop() {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already stopped
      }
      await new Promise((r) => setTimeout(r, 300));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...extraArgs] });
}

/** Logs in through the API and stores the session the way the app does, so the first load shows home. */
export async function signedInContext(browser: Browser, baseUrl: string, username: string): Promise<BrowserContext> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'tiaojie-demo', deviceId: `bench-${Date.now()}` }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { token, user } = (await res.json()) as { token: string; user: unknown };
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  await context.addInitScript(
    ([session]) => {
      if (!localStorage.getItem('tiaojie.session')) localStorage.setItem('tiaojie.session', session!);
    },
    [JSON.stringify({ token, user, signedInAt: new Date().toISOString() })],
  );
  return context;
}

export function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}
