import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type Store } from '../db/index.js';

/** A database a spawned server and the test both open: a SQLite file in a temp DATA_DIR, or a PostgreSQL schema. */
export interface SpawnTarget {
  name: 'sqlite' | 'postgres';
  create(): Promise<SpawnDatabase>;
}

export interface SpawnDatabase {
  dataDir: string;
  /** Environment for the spawned server (DATA_DIR, and DATABASE_URL on PostgreSQL). */
  env: Record<string, string>;
  /** Opens the store in the test process (migrated). */
  open(): Promise<Store>;
  /** Query text → rows, on a connection of its own. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
  /** PostgreSQL only: the schema name and URL. */
  pg?: { url: string; schema: string; urlWithSchema: string };
}

export function spawnTargets(): SpawnTarget[] {
  const list: SpawnTarget[] = [
    {
      name: 'sqlite',
      async create() {
        const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-spawn-'));
        const { default: SQLite } = await import('better-sqlite3');
        return {
          dataDir,
          env: { DATA_DIR: dataDir },
          open: () => createDatabase({ dataDir }),
          async query<T>(text: string, params: unknown[] = []) {
            const db = new SQLite(join(dataDir, 'tiaojie.sqlite'), { fileMustExist: true });
            try {
              const stmt = db.prepare(text);
              if (!stmt.reader) return (stmt.run(...params), []);
              return stmt.all(...params) as T[];
            } finally {
              db.close();
            }
          },
          dispose: () => rm(dataDir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'postgres',
      async create() {
        const dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-spawn-'));
        const schema = `s_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        await admin.end();
        const urlWithSchema = `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
        return {
          dataDir,
          env: { DATA_DIR: dataDir, DATABASE_URL: urlWithSchema },
          pg: { url, schema, urlWithSchema },
          open: () => createDatabase({ databaseUrl: url, pgSchema: schema, poolSize: 3 }),
          async query<T>(text: string, params: unknown[] = []) {
            const c = new pg.Client({ connectionString: urlWithSchema });
            await c.connect();
            try {
              // (the test's SQL uses ? placeholders, as SQLite does)
              let i = 0;
              return (await c.query(text.replace(/\?/g, () => `$${++i}`), params)).rows as T[];
            } finally {
              await c.end();
            }
          },
          async dispose() {
            const c = new pg.Client({ connectionString: url });
            await c.connect();
            await c.query(`drop schema if exists ${schema} cascade`);
            await c.end();
            await rm(dataDir, { recursive: true, force: true });
          },
        };
      },
    });
  }
  return list;
}
