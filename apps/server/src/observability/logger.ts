import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines instead of JSON; by default only on a terminal outside production. */
  pretty?: boolean;
  /** Where lines go (default stdout); tests pass a collecting stream. */
  destination?: NodeJS.WritableStream;
}

/**
 * JSON lines whenever the output is not a terminal (files, journald, pipes), so the IT office's log tools can
 * parse every line; a short readable form on a developer's terminal. Secrets are cut at the source by never
 * logging request bodies or headers; `redact` is the second line of defence for a field someone adds later.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stdout;
  const pretty = options.pretty ?? false;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'tiaojie' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['password', 'token', 'authorization', '*.password', '*.token', '*.authorization'], censor: '[redacted]' },
    },
    pretty ? prettyStream(destination) : destination,
  );
}

/** The silent logger tests and tools use when they do not look at the lines. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** Whether `main` should log human-readable lines: a terminal, and not production. */
export function wantsPrettyLogs(production: boolean, stream: { isTTY?: boolean } = process.stdout): boolean {
  return !production && stream.isTTY === true;
}

const levelNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** (pino-pretty needs Node 22; this is the few lines a developer's terminal needs.) */
function prettyStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const { time, level, msg, service: _s, pid: _p, hostname: _h, err, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
          const stack = err && typeof err === 'object' && 'stack' in err ? `\n${String(err.stack)}` : '';
          out.write(`${String(time).slice(11, 23)} ${levelNames[Number(level)] ?? level} ${String(msg ?? '')}${extra ? ` ${extra}` : ''}${stack}\n`);
        } catch {
          out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}
