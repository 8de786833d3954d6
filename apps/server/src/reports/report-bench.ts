/**
 * Annual report on 1,000,000 generated cases (6 sub-districts × 12 communities × 10 grids, 2021–2024), on
 * SQLite and PostgreSQL: the full report path (SQL GROUP BYs + figure computation) for one sub-district and
 * for the whole district, against one hand-written GROUP BY over the same rows. Prints medians and ratios.
 *
 * REPORT_BENCH_CASES changes the size; the generated SQLite file is cached in bench-results/.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { computeAnnualReport } from '@tiaojie/report';
import { createDatabase, type Database, type Store } from '../db/index.js';
import { findNode, insertNode } from '../org/index.js';
import { loadReportRows } from './report-queries.js';
import { benchDistrict, generateCases, generateDistrictNodes, gridWorkerIdOf } from './generate-district.js';
import { writeCaseRowsPostgres, writeCasesSqlite } from './bulk-write.js';
import type { CaseRow } from '../db/index.js';

const CASES = Number(process.env.REPORT_BENCH_CASES ?? 1_000_000);
const YEAR = 2023;
const RUNS = Number(process.env.REPORT_BENCH_RUNS ?? 7);
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const cacheFile = `bench-results/report-${CASES}-v1.sqlite`;

async function seedOrg(db: Kysely<Database>) {
  await db.transaction().execute(async (trx) => {
    for (const [i, n] of generateDistrictNodes(benchDistrict).entries()) await insertNode(trx, { ...n, sortOrder: i });
    const grids = generateDistrictNodes(benchDistrict).filter((n) => n.kind === 'grid');
    for (let i = 0; i < grids.length; i += 200) {
      await trx
        .insertInto('users')
        .values(
          grids.slice(i, i + 200).map((g) => ({
            id: gridWorkerIdOf(g.id),
            username: `w-${g.id}`,
            display_name: `网格员${g.id}`,
            password_hash: 'x',
            role: 'grid_worker',
            node_id: g.id,
            disabled: 0,
            created_at: '2021-01-01T00:00:00.000Z',
          })),
        )
        .execute();
    }
  });
}

async function buildSqlite(): Promise<void> {
  if (existsSync(cacheFile)) return;
  mkdirSync('bench-results', { recursive: true });
  const tmp = `${cacheFile}.tmp`;
  rmSync(tmp, { force: true });
  const t0 = performance.now();
  const store = await createDatabase({ sqliteFile: tmp });
  await seedOrg(store.db);
  await store.close();
  const raw = new SQLite(tmp);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  const n = writeCasesSqlite(raw, generateCases(benchDistrict, CASES));
  raw.exec('analyze');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  renameSync(tmp, cacheFile);
  console.log(`generated ${n} cases into SQLite in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached at ${cacheFile})`);
}

async function copyToPostgres(store: Store): Promise<void> {
  const t0 = performance.now();
  await seedOrg(store.db);
  const source = new SQLite(cacheFile, { readonly: true });
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`set search_path to ${(store as Store & { schema: string }).schema}`);
  let batch: CaseRow[] = [];
  let n = 0;
  for (const row of source.prepare('select * from cases').iterate() as Iterable<CaseRow>) {
    batch.push(row);
    if (batch.length === 10_000) {
      await writeCaseRowsPostgres(client, batch);
      n += batch.length;
      batch = [];
    }
  }
  if (batch.length) await writeCaseRowsPostgres(client, batch);
  n += batch.length;
  await client.query('analyze');
  await client.query('vacuum analyze cases');
  await client.end();
  source.close();
  console.log(`copied ${n} cases into PostgreSQL in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const idColumn = { district: 'district_id', subdistrict: 'subdistrict_id' } as const;

/** The baseline: one hand-written aggregate over the rows the report reads (accepted in the year and the one before). */
async function baseline(db: Kysely<Database>, kind: 'district' | 'subdistrict', id: string, years: 1 | 2) {
  const from = years === 2 ? `${YEAR - 1}-01-01` : `${YEAR}-01-01`;
  const { rows } = await sql`
    select substr(accepted_on, 1, 4) as y, outcome, count(*) as n from cases
    where ${sql.ref(idColumn[kind])} = ${id} and accepted_on >= ${from} and accepted_on <= ${`${YEAR}-12-31`} and deleted = 0
    group by substr(accepted_on, 1, 4), outcome`.execute(db);
  return rows.length;
}

async function report(db: Kysely<Database>, id: string) {
  const node = (await findNode(db, id))!;
  return computeAnnualReport(await loadReportRows(db, node, YEAR));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(label: string, store: Store) {
  for (const [kind, id] of [['subdistrict', 's1'], ['district', 'd1']] as const) {
    const r = await report(store.db, id);
    await baseline(store.db, kind, id, 2);
    await baseline(store.db, kind, id, 1);
    const times = { report: [] as number[], same: [] as number[], one: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      await report(store.db, id);
      times.report.push(performance.now() - t);
      t = performance.now();
      await baseline(store.db, kind, id, 2);
      times.same.push(performance.now() - t);
      t = performance.now();
      await baseline(store.db, kind, id, 1);
      times.one.push(performance.now() - t);
    }
    const [m, b2, b1] = [median(times.report), median(times.same), median(times.one)];
    console.log(
      `${label.padEnd(10)} ${kind.padEnd(11)} accepted ${String(r.current.accepted).padStart(6)} (+${r.previous.accepted} prev) | ` +
        `report ${m.toFixed(1)} ms | baseline same rows ${b2.toFixed(1)} ms → ratio ${(m / b2).toFixed(2)}× ${m / b2 <= 2 ? '(within 2×)' : '(OVER 2×)'} | ` +
        `one-year baseline ${b1.toFixed(1)} ms → ${(m / b1).toFixed(2)}×`,
    );
  }
}

async function main() {
  await buildSqlite();
  const lite = await createDatabase({ sqliteFile: cacheFile });
  await measure('sqlite', lite);
  await lite.close();

  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`PostgreSQL not reachable at ${PG_URL}: ${(e as Error).message}; skipped`);
    return;
  }
  await admin.query(`create schema ${schema}`);
  try {
    const store = Object.assign(await createDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 2 }), { schema });
    await copyToPostgres(store);
    await measure('postgres', store);
    await store.close();
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

/** Run by bench/report.bench.ts (`pnpm bench report`); lives here so it resolves the server's dependencies. */
export async function runReportBench(): Promise<void> {
  await main();
}
