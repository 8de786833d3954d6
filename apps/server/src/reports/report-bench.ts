/**
 * Annual report on 1,000,000 generated cases (6 sub-districts × 12 communities × 10 grids, 2021–2024), on
 * SQLite and PostgreSQL: the full report path (SQL GROUP BYs + figure computation) for one sub-district and
 * for the whole district, against one hand-written GROUP BY over the same rows. Prints medians and ratios.
 *
 * REPORT_BENCH_CASES changes the size; the generated SQLite file is cached in bench-results/, the PostgreSQL copy in
 * a schema named after the size and BENCH_DATA_VERSION. REPORT_BENCH_ONLY=sqlite or =postgres measures one of them;
 * with =postgres no SQLite file is made and the copy is generated directly (issue 18 §2: REPORT_BENCH_CASES=10000000
 * REPORT_BENCH_ONLY=postgres pnpm bench report, then the same for mediation-stats; ~12 GB).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { computeAnnualReport } from '@tiaojie/report';
import { createDatabase, type Database, type Store } from '../db/index.js';
import { findNode, insertNode } from '../org/index.js';
import { loadReportRows } from './report-queries.js';
import { benchDistrict, generateCases, generateDistrictNodes, gridWorkerIdOf } from './generate-district.js';
import { writeCaseRowsPostgres, writeCasesSqlite } from './bulk-write.js';
import { storedCaseToRow } from './case-rows.js';
import { statsRollupFill } from '../db/migrations/024-stats-rollup.js';
import { reportRollupFill, reportRollupTables } from '../db/migrations/025-report-rollup.js';
import type { CaseRow } from '../db/index.js';

export const CASES = Number(process.env.REPORT_BENCH_CASES ?? 1_000_000);
const YEAR = 2023;
const RUNS = Number(process.env.REPORT_BENCH_RUNS ?? 7);
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Bump when the generator, the schema or the indexes change: both cached copies are then built anew. */
const BENCH_DATA_VERSION = 4;
export const cacheFile = `bench-results/report-${CASES}-v${BENCH_DATA_VERSION}.sqlite`;

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

export async function buildSqlite(): Promise<void> {
  if (existsSync(cacheFile)) return;
  mkdirSync('bench-results', { recursive: true });
  // Older versions of the cache are removed so that they do not pile up (each is about 1 GB).
  // (only those of this size: a 10,000,000-case copy and the 1,000,000-case one are kept side by side)
  for (const f of readdirSync('bench-results')) if (new RegExp(`^report-${CASES}-v\\d+\\.sqlite`).test(f)) rmSync(`bench-results/${f}`, { force: true });
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

/**
 * The PostgreSQL copy is cached in its own schema, named after the case count and BENCH_DATA_VERSION. Loading drops
 * the cases table's secondary indexes, inserts every row in one transaction (one multi-row `insert … select from unnest(…)` per 10,000 rows), then rebuilds
 * the indexes once: far faster than maintaining a dozen indexes row by row.
 */
const pgSchema = `bench_report_${CASES}_v${BENCH_DATA_VERSION}`;

export async function cachedPostgres(admin: pg.Client): Promise<Store> {
  const found = await admin.query<{ n: string }>(
    `select (select count(*) from information_schema.tables where table_schema = $1 and table_name = 'bench_loaded') as n`,
    [pgSchema],
  );
  if (Number(found.rows[0]?.n) > 0) {
    const loaded = await admin.query<{ cases: string }>(`select cases from ${pgSchema}.bench_loaded`);
    if (Number(loaded.rows[0]?.cases) === CASES) {
      console.log(`using the cached PostgreSQL copy in schema ${pgSchema}`);
      const store = await createDatabase({ databaseUrl: PG_URL, pgSchema, poolSize: 2, leaveClearRows: true });
      // A migration that rewrote the table (024) leaves no page all-visible: index-only scans would read the table
      // until autovacuum gets there; one that filled a rollup (025) leaves it unanalysed. On a table vacuumed already
      // this takes about a second.
      await admin.query(`vacuum analyze ${['cases', 'stats_months', ...reportRollupTables].map((t) => `${pgSchema}.${t}`).join(', ')}`);
      return store;
    }
  }
  // Older versions of the cache are dropped so that they do not pile up.
  // (only those of this size, as for the SQLite file)
  const old = await admin.query<{ s: string }>(`select schema_name as s from information_schema.schemata where schema_name like $1`, [`bench\\_report\\_${CASES}\\_v%`]);
  for (const { s } of old.rows) await admin.query(`drop schema ${s} cascade`);
  await admin.query(`create schema ${pgSchema}`);
  const store = await createDatabase({ databaseUrl: PG_URL, pgSchema, poolSize: 2 });
  await copyToPostgres(store);
  return store;
}

function* generatedCaseRows(): Generator<CaseRow> {
  let n = 0;
  for (const batch of generateCases(benchDistrict, CASES)) for (const c of batch) yield storedCaseToRow(c, ++n);
}

async function copyToPostgres(store: Store): Promise<void> {
  const t0 = performance.now();
  await seedOrg(store.db);
  // From the cached SQLite file when there is one; otherwise generated here, the same rows in the same order (same
  // generator and seed): a 10,000,000-case PostgreSQL copy needs no 10 GB SQLite file first.
  const source = existsSync(cacheFile) ? new SQLite(cacheFile, { readonly: true }) : null;
  const rows: Iterable<CaseRow> = source ? (source.prepare('select * from cases').iterate() as Iterable<CaseRow>) : generatedCaseRows();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`set search_path to ${pgSchema}`);
  await client.query(`set synchronous_commit to off`);
  await client.query(`set maintenance_work_mem to '512MB'`);
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
     where i.schemaname = $1 and i.tablename = 'cases'
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = $1::regnamespace)`,
    [pgSchema],
  );
  await client.query('begin');
  for (const i of indexes) await client.query(`drop index ${i.name}`);
  // The statistics and report rollups (migrations 024, 025) are filled once after the rows, as the migrations fill
  // them, instead of by their triggers row by row.
  await client.query('alter table cases disable trigger user');
  let batch: CaseRow[] = [];
  let n = 0;
  for (const row of rows) {
    batch.push(row);
    if (batch.length === 10_000) {
      await writeCaseRowsPostgres(client, batch);
      n += batch.length;
      batch = [];
    }
  }
  if (batch.length) await writeCaseRowsPostgres(client, batch);
  n += batch.length;
  const loadedAt = performance.now();
  for (const i of indexes) await client.query(i.def);
  const indexedAt = performance.now();
  for (const table of ['stats_months', ...reportRollupTables]) await client.query(`delete from ${table}`);
  for (const fill of [...statsRollupFill, ...reportRollupFill]) await client.query(fill);
  await client.query('alter table cases enable trigger user');
  const filledAt = performance.now();
  await client.query(`create table bench_loaded (cases bigint not null)`);
  await client.query(`insert into bench_loaded values ($1)`, [n]);
  await client.query('commit');
  await client.query(`vacuum analyze cases, stats_months, ${reportRollupTables.join(', ')}`);
  await client.query('analyze');
  await client.end();
  source?.close();
  const s = (t: number) => (t / 1000).toFixed(1);
  console.log(
    `copied ${n} cases into PostgreSQL schema ${pgSchema} in ${s(performance.now() - t0)} s ` +
      `(rows ${s(loadedAt - t0)} s, ${indexes.length} indexes ${s(indexedAt - loadedAt)} s, statistics and report rollups ${s(filledAt - indexedAt)} s); cached for later runs`,
  );
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
  // REPORT_BENCH_ONLY=postgres builds no SQLite file (the PostgreSQL copy is then generated directly).
  if (process.env.REPORT_BENCH_ONLY !== 'postgres') {
    await buildSqlite();
    const lite = await createDatabase({ sqliteFile: cacheFile });
    await measure('sqlite', lite);
    await lite.close();
  }
  if (process.env.REPORT_BENCH_ONLY === 'sqlite') return;

  const admin = new pg.Client({ connectionString: PG_URL });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`PostgreSQL not reachable at ${PG_URL}: ${(e as Error).message}; skipped`);
    return;
  }
  try {
    const store = await cachedPostgres(admin);
    await measure('postgres', store);
    await store.close();
  } finally {
    await admin.end();
  }
}

/** Run by bench/report.bench.ts (`pnpm bench report`); lives here so it resolves the server's dependencies. */
export async function runReportBench(): Promise<void> {
  await main();
}
