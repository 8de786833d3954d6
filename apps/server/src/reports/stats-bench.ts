/**
 * The people's-mediation statistics tables on the annual report bench's 1,000,000 generated cases (its cached
 * SQLite file and PostgreSQL schema, built on first use): the full path (SQL + table computation) for one
 * sub-district and the whole district for a year and a quarter, against one hand-written aggregate over the same
 * rows (the period's accepted cases by committee, type and source; for information also against that and a second
 * one over the period's concluded cases, the other rows the tables read). Prints medians and ratios.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { computeMediationStats, parseStatsPeriod } from '@tiaojie/report';
import { createDatabase, type Database, type Store } from '../db/index.js';
import { isPostgres } from '../db/migrations/001-foundation.js';
import { findNode } from '../org/index.js';
import { benchDistrict, generateDistrictNodes } from './generate-district.js';
import { buildSqlite, cacheFile, cachedPostgres, PG_URL } from './report-bench.js';
import { loadStatsInput } from './stats-queries.js';

const RUNS = Number(process.env.REPORT_BENCH_RUNS ?? 7);
const idColumn = { district: 'district_id', subdistrict: 'subdistrict_id' } as const;

/** The committees the generator names (benchCommitteeOf), with a few mediators each; added once per store. */
async function seedCommittees(db: Kysely<Database>) {
  const have = await db.selectFrom('committees').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(have.n) > 0) return;
  const nodes = generateDistrictNodes(benchDistrict);
  const at = '2023-01-01T00:00:00.000Z';
  const rows = nodes.flatMap((n): { id: string; node_id: string; name: string; kind: string; body: string | null }[] =>
    n.kind === 'community'
      ? [{ id: `cc-${n.id}`, node_id: n.id, name: `${n.name}人民调解委员会`, kind: 'residential', body: null }]
      : n.kind === 'subdistrict'
        ? [
            { id: `cs-${n.id}`, node_id: n.id, name: `${n.name}人民调解委员会`, kind: 'subdistrict', body: 'subdistrict_committee' },
            { id: `ct-${n.id}`, node_id: n.id, name: `${n.name}交通事故纠纷调解委员会`, kind: 'specialised', body: 'traffic' },
          ]
        : [],
  );
  await db.insertInto('committees').values(rows.map((r) => ({ ...r, active: 1, updated_by: 'bench', updated_at: at }))).execute();
  await db
    .insertInto('mediators')
    .values(rows.flatMap((r, i) => [0, 1, 2].map((k) => ({ id: `m-${r.id}-${k}`, committee_id: r.id, name: `调解员${i}-${k}`, kind: k === 0 ? 'full_time' : 'part_time', active: 1, updated_by: 'bench', updated_at: at }))))
    .execute();
}

/**
 * The baseline: one hand-written aggregate over the period's accepted cases. With `concluded`, a second one over the
 * period's concluded cases too (information: the rows the tables read are both sets).
 */
async function baseline(db: Kysely<Database>, kind: 'district' | 'subdistrict', id: string, from: string, to: string, concluded = false) {
  // On PostgreSQL with the work_mem and JIT setting the tables' queries get (loadStatsInput), so that the hashing and
  // the JIT do not differ; parallel workers stay allowed (the tables use two connections instead).
  return db.transaction().execute(async (trx) => {
    if (isPostgres(trx as unknown as Kysely<unknown>)) {
      await sql`set local work_mem = '64MB'`.execute(trx);
      await sql`set local jit = off`.execute(trx);
    }
    const aggregate = async (date: 'accepted_on' | 'concluded_on') => {
      const { rows } = await sql`
        select committee_id, type, source, count(*) as n from cases
        where ${sql.ref(idColumn[kind])} = ${id} and ${sql.ref(date)} >= ${from} and ${sql.ref(date)} <= ${to} and deleted = 0
        group by committee_id, type, source`.execute(trx);
      return rows.length;
    };
    return (await aggregate('accepted_on')) + (concluded ? await aggregate('concluded_on') : 0);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(label: string, store: Store) {
  await seedCommittees(store.db);
  for (const periodId of ['2023', '2023-Q2']) {
    const period = parseStatsPeriod(periodId)!;
    for (const [kind, id] of [['subdistrict', 's1'], ['district', 'd1']] as const) {
      const node = (await findNode(store.db, id))!;
      const tables = async () => computeMediationStats(await loadStatsInput(store.db, node, period));
      const first = await tables();
      await baseline(store.db, kind, id, period.from, period.to);
      await baseline(store.db, kind, id, period.from, period.to, true);
      const t = { tables: [] as number[], base: [] as number[], both: [] as number[] };
      for (let i = 0; i < RUNS; i++) {
        let t0 = performance.now();
        await tables();
        t.tables.push(performance.now() - t0);
        t0 = performance.now();
        await baseline(store.db, kind, id, period.from, period.to);
        t.base.push(performance.now() - t0);
        t0 = performance.now();
        await baseline(store.db, kind, id, period.from, period.to, true);
        t.both.push(performance.now() - t0);
      }
      const [m, b, b2] = [median(t.tables), median(t.base), median(t.both)];
      const accepted = first.tables[0]!.rows.find((r) => r.key === '_total')!.cells[0];
      console.log(
        `${label.padEnd(9)} ${periodId.padEnd(8)} ${kind.padEnd(11)} accepted ${String(accepted).padStart(6)} | tables ${m.toFixed(1)} ms | ` +
          `one aggregate ${b.toFixed(1)} ms → ratio ${(m / b).toFixed(2)}× ${m / b <= 2 ? '(within 2×)' : '(OVER 2×)'} | ` +
          `accepted + concluded aggregates ${b2.toFixed(1)} ms → ${(m / b2).toFixed(2)}× (information) | load average ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  }
}

export async function runStatsBench(): Promise<void> {
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
