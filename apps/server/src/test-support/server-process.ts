import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TEST_MASTER_KEY_BASE64 } from '../db/create-database.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** True while the process has not exited. */
  alive(): boolean;
  /** SIGKILL: no shutdown handler, no flush — a power cut as far as the process can tell. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the real server (`tsx apps/server/src/main.ts`, as `pnpm start` does) on a free port, in its own
 * process group so that a kill reaches the node process itself.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 40_000): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', NODE_ENV: 'development', MASTER_KEY: TEST_MASTER_KEY_BASE64, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (/tiaojie listening on http:\/\/localhost:\d+/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${child.exitCode}:\n${output}`));
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (exited || !child.pid) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
    await exit;
  };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    alive: () => !exited,
    kill9: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
