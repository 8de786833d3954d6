import { type OrgNode } from '@tiaojie/domain';
import {
  acceptedMeasures,
  caseMeasure,
  statsCellDef,
  type ActivityMeasure,
  type concludedMeasures,
  type StatsMeasure,
  type StatsCaseFact,
  type StatsCommittee,
  type StatsCountRow,
  type StatsInput,
  type StatsPeriod,
  type StatsSettings,
} from '@tiaojie/report';
import { sql, type Kysely } from 'kysely';
import { sqliteReaderOf, type Database } from '../db/index.js';
import { isPostgres } from '../db/migrations/001-foundation.js';
import { rareStatsFacts } from '../db/migrations/023-stats-months.js';
import { conclusionRules, rollupSums } from '../db/migrations/024-stats-rollup.js';
import { ancestorOfKind, inSubtree } from '../org/index.js';
import { idColumnOf } from './node-columns.js';

const num = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The live cases of the unit's subtree (an equality on the id column of its level, as the annual report reads). */
const ofUnit = (node: OrgNode) => sql`${sql.ref(idColumnOf[node.kind])} = ${node.id} and deleted = 0`;

const measureAs = (alias: string, expression: ReturnType<typeof sql>) => sql`${expression} as ${sql.ref(alias)}`;

type Sql = ReturnType<typeof sql>;
type AcceptedMeasure = (typeof acceptedMeasures)[number];
type ConcludedMeasure = (typeof concludedMeasures)[number];

/** Over the cases of `rareStatsFacts` only (the others add nothing to these). */
const rareSql: Partial<Record<AcceptedMeasure, Sql>> = {
  groupCases: sql`sum(is_group)`,
  groupPeople: sql`sum(is_group * people_involved)`,
  prevDisputes: sql`sum(prev_disputes)`,
  prevSuicide: sql`sum(prev_suicide)`,
  prevSuicidePeople: sql`sum(prev_suicide_people)`,
  prevCriminal: sql`sum(prev_criminal)`,
  prevCriminalPeople: sql`sum(prev_criminal_people)`,
  prevPetition: sql`sum(prev_petition)`,
  prevPetitionPeople: sql`sum(prev_petition_people)`,
  prevFight: sql`sum(prev_fight)`,
  prevFightPeople: sql`sum(prev_fight_people)`,
};
/** Which concluded cases each counting measure counts: the same rules as `caseMeasure` (tested against it on both databases). */
const concludedWhen = Object.fromEntries(conclusionRules.map(([measure, rule]) => [measure, sql.raw(rule)])) as Record<Exclude<ConcludedMeasure, 'amount'>, Sql>;
/** The concluded measures over cases: a filtered count for each counting measure, and the agreements' amount. */
const concludedSql: Partial<Record<ConcludedMeasure, Sql>> = {
  amount: sql`sum(agreement_amount)`,
  ...Object.fromEntries(Object.entries(concludedWhen).map(([k, when]) => [k, sql`count(*) filter (where ${when})`])),
};

/** Whether the period is whole months (every period parseStatsPeriod gives): then its months alone select its cases. */
const isWholeMonths = (period: StatsPeriod) => {
  const [y, m] = period.to.slice(0, 7).split('-').map(Number) as [number, number];
  return period.from.endsWith('-01') && period.to.slice(8) === String(new Date(Date.UTC(y, m, 0)).getUTCDate());
};

/**
 * The period's cases by a date: its months ('YYYY-MM'; on SQLite the range of the level's month-ordered index, migration 023),
 * and, for a period that is not whole months, its days too. (On whole months the days' test is true for every case
 * of the range; left in, it reads the date of each: a district's year of concluded cases, 62 → 104 ms of a 230 ms
 * query on PostgreSQL.)
 */
const inPeriod = (date: 'accepted_on' | 'concluded_on', period: StatsPeriod) => {
  const month = sql`substr(${sql.ref(date)}, 1, 7)`;
  const months = sql`${month} >= ${period.from.slice(0, 7)} and ${month} <= ${period.to.slice(0, 7)}`;
  return isWholeMonths(period) ? months : sql`${months} and ${sql.ref(date)} >= ${period.from} and ${sql.ref(date)} <= ${period.to}`;
};

/**
 * One GROUP BY committee and type, and source unless `bySource` is false (the row then sums every source), with
 * `measures` as columns `m_<measure>`, read into count rows.
 */
async function countRows(db: Kysely<Database>, measures: Partial<Record<StatsMeasure, Sql>>, fromWhere: Sql, bySource = true): Promise<StatsCountRow[]> {
  const entries = Object.entries(measures);
  const keys = bySource ? sql`committee_id, type, source` : sql`committee_id, type`;
  const { rows } = await sql<Record<string, unknown>>`
    select ${keys}, ${sql.join(entries.map(([k, e]) => measureAs(`m_${k}`, e)))}
    from ${fromWhere}
    group by ${keys}`.execute(db);
  return rows.map((r): StatsCountRow => {
    const counts: StatsCountRow['counts'] = {};
    for (const [k] of entries) {
      const n = num(r[`m_${k}`]);
      if (n !== 0) counts[k as StatsMeasure] = n;
    }
    return { committee: str(r.committee_id), type: String(r.type), source: bySource ? String(r.source) : null, counts };
  });
}

const postgres = (db: Kysely<Database>) => isPostgres(db as unknown as Kysely<unknown>);

/**
 * Cases accepted in the period per committee, type and source, and concluded in it per committee and type (no column
 * splits a concluded measure by source). PostgreSQL reads a sub-district's or district's from the rollup (below), and
 * hashes any other unit's groups from its cases. SQLite has no hash aggregation: a GROUP BY over a date range sorts
 * every case. There an inner GROUP BY reads the same range group after group (the index is in month, committee, type
 * and source order: its prefix needs no sort), and the outer one sums its rows (one per group and month) into the
 * tables' groups. Group disputes and prevention outcomes come from their own small index on both.
 * (A district's year of concluded cases on SQLite, 1,000,000-case bench: grouped by all seven codes as keys 170 ms,
 * by month, committee and type with the nine filtered counts 113 ms, against 161 ms for the bench's one aggregate.)
 */
async function acceptedCounts(db: Kysely<Database>, node: OrgNode, period: StatsPeriod) {
  if (fromRollup(db, node, period)) return acceptedFromRollup(db, node, period);
  const cases = sql`cases where ${ofUnit(node)} and ${inPeriod('accepted_on', period)}`;
  if (postgres(db)) {
    return countRows(db, { accepted: sql`count(*)`, parties: sql`sum(party_count)`, multiParty: sql`count(*) filter (where party_count >= 3)` }, cases);
  }
  return countRows(
    db,
    { accepted: sql`sum(n)`, parties: sql`sum(parties)`, multiParty: sql`sum(multi_party)` },
    sql`(select committee_id, type, source, count(*) as n, sum(party_count) as parties, count(*) filter (where party_count >= 3) as multi_party
      from ${cases} group by substr(accepted_on, 1, 7), committee_id, type, source) as months`,
  );
}

/**
 * The unit's cases accepted in the days with a group dispute or a prevention outcome (the small index of migration
 * 023). On SQLite a district's or sub-district's index is named: with the dates bound as parameters its planner took
 * the level's (id, accepted_on) index instead and read the table for every case of the range (a district's quarter
 * of the 1,000,000-case bench: ~480 ms against ~3 ms; the tables 7.6× their baseline).
 */
const rareCases = (db: Kysely<Database>, node: OrgNode, from: string, to: string) => {
  const named = !postgres(db) && (node.kind === 'district' || node.kind === 'subdistrict');
  const index = named ? sql`indexed by ${sql.ref(`cases_${node.kind === 'district' ? 'district' : 'sub'}_stats_rare`)}` : sql``;
  return sql`cases ${index} where ${ofUnit(node)} and ${rareStatsFacts} and accepted_on >= ${from} and accepted_on <= ${to}`;
};

async function rareCounts(db: Kysely<Database>, node: OrgNode, period: StatsPeriod) {
  return countRows(db, rareSql, rareCases(db, node, period.from, period.to), false);
}

/**
 * PostgreSQL, a sub-district or district and whole months: the rollup the cases' triggers keep (`stats_months`,
 * migration 024) instead of the cases. At the bench's 1,000,000 cases it has ~180,000 accepted and ~158,000 concluded
 * rows: a sub-district's quarter reads 1,826 and 1,612 of them instead of 10,405 and 10,331 cases, in key order.
 */
const fromRollup = (db: Kysely<Database>, node: OrgNode, period: StatsPeriod) =>
  postgres(db) && (node.kind === 'district' || node.kind === 'subdistrict') && isWholeMonths(period);

const rollupOf = (node: OrgNode, kind: 0 | 1, period: StatsPeriod) =>
  sql`stats_months where ${sql.ref(idColumnOf[node.kind])} = ${node.id} and kind = ${kind} and month >= ${period.from.slice(0, 7)} and month <= ${period.to.slice(0, 7)}`;

/** The rollup's sums of the cases accepted in a month, by the measure each counts. */
const acceptedSums = rollupSums.filter(([, , , kinds]) => (kinds as readonly string[]).includes('accepted'));

async function acceptedFromRollup(db: Kysely<Database>, node: OrgNode, period: StatsPeriod): Promise<StatsCountRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select nullif(committee_id, '') as committee_id, type, source, ${sql.join(acceptedSums.map(([column]) => sql`sum(${sql.ref(column)}) as ${sql.ref(column)}`))}
    from ${rollupOf(node, 0, period)}
    group by committee_id, type, source
    having sum(n) <> 0`.execute(db);
  return rows.map((r): StatsCountRow => {
    const counts: StatsCountRow['counts'] = {};
    for (const [column, measure] of acceptedSums) {
      const n = num(r[column]);
      if (n !== 0) counts[measure as StatsMeasure] = n;
    }
    return { committee: str(r.committee_id), type: String(r.type), source: String(r.source), counts };
  });
}

/** The concluded rows of the rollup by committee, type and bits; each group counts in the measure of each bit it has. */
async function concludedFromRollup(db: Kysely<Database>, node: OrgNode, period: StatsPeriod): Promise<StatsCountRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select nullif(committee_id, '') as committee_id, type, bits, sum(n) as n, sum(amount) as amount
    from ${rollupOf(node, 1, period)}
    group by committee_id, type, bits
    having sum(n) <> 0`.execute(db);
  const groups = new Map<string, StatsCountRow>();
  for (const r of rows) {
    const committee = str(r.committee_id);
    const type = String(r.type);
    const key = `${committee ?? ''}|${type}`;
    let row = groups.get(key);
    if (!row) groups.set(key, (row = { committee, type, source: null, counts: {} }));
    const { counts } = row;
    const [bits, n, amount] = [num(r.bits), num(r.n), num(r.amount)];
    conclusionRules.forEach(([measure], i) => {
      if (bits & (1 << i)) counts[measure] = (counts[measure] ?? 0) + n;
    });
    if (amount !== 0) counts.amount = (counts.amount ?? 0) + amount;
  }
  return [...groups.values()];
}

async function concludedCounts(db: Kysely<Database>, node: OrgNode, period: StatsPeriod) {
  const cases = sql`cases where ${ofUnit(node)} and outcome is not null and ${inPeriod('concluded_on', period)}`;
  if (fromRollup(db, node, period)) return concludedFromRollup(db, node, period);
  if (postgres(db)) return countRows(db, concludedSql, cases, false);
  const summed = Object.fromEntries(Object.keys(concludedSql).map((k) => [k, sql`sum(${sql.ref(`m_${k}`)})`]));
  return countRows(
    db,
    summed,
    sql`(select committee_id, type, ${sql.join(Object.entries(concludedSql).map(([k, e]) => measureAs(`m_${k}`, e)))}
      from ${cases} group by substr(concluded_on, 1, 7), committee_id, type) as months`,
    false,
  );
}

/** Screening rounds (排查) of the unit's subtree held in the period, and the prevention outcomes recorded on them. */
export async function screeningTotals(db: Kysely<Database>, node: OrgNode, period: StatsPeriod): Promise<StatsInput['activities']> {
  const r = await sql<Record<string, unknown>>`
    select count(*) as rounds, sum(prev_disputes) as d, sum(prev_suicide) as s, sum(prev_suicide_people) as sp,
      sum(prev_criminal) as c, sum(prev_criminal_people) as cp, sum(prev_petition) as p, sum(prev_petition_people) as pp,
      sum(prev_fight) as f, sum(prev_fight_people) as fp
    from activities
    where ${inSubtree('scope_path', node.path)} and kind = 'screening' and deleted = 0 and date >= ${period.from} and date <= ${period.to}`.execute(db);
  const row = r.rows[0] ?? {};
  const out: Partial<Record<ActivityMeasure, number>> = {
    screeningRounds: num(row.rounds),
    prevDisputes: num(row.d),
    prevSuicide: num(row.s),
    prevSuicidePeople: num(row.sp),
    prevCriminal: num(row.c),
    prevCriminalPeople: num(row.cp),
    prevPetition: num(row.p),
    prevPetitionPeople: num(row.pp),
    prevFight: num(row.f),
    prevFightPeople: num(row.fp),
  };
  return out;
}

/** The prevention measures (预防效果) of `rareSql`, as the prevention table counts them. */
const preventionSql = Object.fromEntries(Object.entries(rareSql).filter(([k]) => k.startsWith('prev'))) as Partial<Record<AcceptedMeasure, Sql>>;

/**
 * The prevention measures of the unit's cases accepted in each calendar year from `from` to `to`, for the annual
 * report: the cases `rareCounts` reads (its condition, its small index, in (id, accepted_on) order: the years come
 * in order, no sort), summed per year instead of per committee, type and source.
 */
export async function preventionCountsByYear(db: Kysely<Database>, node: OrgNode, from: string, to: string): Promise<Map<number, Partial<Record<StatsMeasure, number>>>> {
  const entries = Object.entries(preventionSql);
  const { rows } = await sql<Record<string, unknown>>`
    select substr(accepted_on, 1, 4) as year, ${sql.join(entries.map(([k, e]) => measureAs(`m_${k}`, e)))}
    from ${rareCases(db, node, from, to)}
    group by substr(accepted_on, 1, 4)`.execute(db);
  const out = new Map<number, Partial<Record<StatsMeasure, number>>>();
  for (const r of rows) {
    const counts: Partial<Record<StatsMeasure, number>> = {};
    for (const [k] of entries) {
      const n = num(r[`m_${k}`]);
      if (n !== 0) counts[k as StatsMeasure] = n;
    }
    out.set(Number(r.year), counts);
  }
  return out;
}

/**
 * The committees the unit's tables list: those of its subtree, then those of its ancestors (a community's cases
 * may be handled by the sub-district's committee), with their active mediators by kind.
 */
export async function loadStatsCommittees(db: Kysely<Database>, node: OrgNode): Promise<StatsCommittee[]> {
  const ancestors = node.path.split('/').filter(Boolean).filter((id) => id !== node.id);
  const rows = await db
    .selectFrom('committees as c')
    .innerJoin('org_nodes as n', 'n.id', 'c.node_id')
    // Active mediators counted once per committee by one grouped join (two subqueries per committee took ~5 ms for a
    // district's 84 committees on PostgreSQL: a scan of the mediators each).
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('mediators')
          .select(['committee_id', sql<number>`count(*) filter (where kind = 'full_time')`.as('full_time'), sql<number>`count(*) filter (where kind = 'part_time')`.as('part_time')])
          .where('active', '=', 1)
          .groupBy('committee_id')
          .as('m'),
      (join) => join.onRef('m.committee_id', '=', 'c.id'),
    )
    .select(['c.id', 'c.name', 'c.kind', 'c.active', 'c.node_id', 'n.name as node_name', 'n.path as node_path', 'm.full_time', 'm.part_time'])
    .where((eb) => eb.or([inSubtree('n.path', node.path), ...(ancestors.length > 0 ? [eb('n.id', 'in', ancestors)] : [])]))
    .orderBy('n.path')
    .orderBy('c.name')
    .execute();
  // The unit's own committees first (org order, then name), then those above it.
  const own = (r: (typeof rows)[number]) => (r.node_path.startsWith(node.path) ? 0 : 1);
  rows.sort((a, b) => own(a) - own(b));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    nodeId: r.node_id,
    nodeName: r.node_name,
    active: r.active === 1,
    fullTime: num(r.full_time),
    partTime: num(r.part_time),
    inUnit: r.node_path.startsWith(node.path),
  }));
}

/** Runs `read` in a read transaction on one connection. */
type Connection = <T>(read: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

/**
 * The connections the tables are read on at once: two on PostgreSQL (its pool), and on SQLite the store's connection
 * and its read-only one in a worker thread, when it has one (a file; an in-memory database has only the one).
 */
function connections(db: Kysely<Database>): Connection[] {
  if (postgres(db)) {
    const tuned: Connection = (read) =>
      db.transaction().execute(async (trx) => {
        // Hash the groups in memory; no JIT compilation (it costs more than it saves on queries this short) and no
        // parallel workers on top of the two connections (as tuneForReport).
        // (one statement: each is a round trip, and the tables of a small unit take a few milliseconds)
        await sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`.execute(trx);
        return read(trx);
      });
    return [tuned, tuned];
  }
  const own: Connection = (read) => db.transaction().execute(read);
  const reader = sqliteReaderOf(db);
  return reader ? [own, (read) => reader.transaction().execute(read)] : [own];
}

/**
 * Everything the statistics tables of a unit and period are computed from. With two connections each takes the next
 * query, longest first (the concluded cases, then the accepted ones), until none is left, so that both cores work
 * (as the annual report reads, loadReportRows). The connections share no snapshot: a case written while the tables
 * are read may count in one query and not in another, as under READ COMMITTED it could in one PostgreSQL transaction
 * too. One connection (in-memory SQLite) reads all in one transaction: one snapshot.
 */
export async function loadStatsInput(db: Kysely<Database>, node: OrgNode, period: StatsPeriod): Promise<StatsInput> {
  const rows: StatsCountRow[] = [];
  let committees: StatsCommittee[] = [];
  let activities: StatsInput['activities'] = {};
  const queue: ((trx: Kysely<Database>) => Promise<void>)[] = [
    async (trx) => void rows.push(...(await concludedCounts(trx, node, period))),
    async (trx) => void rows.push(...(await acceptedCounts(trx, node, period))),
    async (trx) => void rows.push(...(await rareCounts(trx, node, period))),
    async (trx) => void (activities = await screeningTotals(trx, node, period)),
    async (trx) => void (committees = await loadStatsCommittees(trx, node)),
  ];
  const readers = connections(db);
  // The worker's connection first: its first query is posted before this thread blocks in one of its own.
  await Promise.all(
    [...readers]
      .reverse()
      .map((connection) =>
        connection(async (trx) => {
          try {
            // A turn of the event loop after each query: a SQLite query blocks the thread, and the worker's answer
            // (and its next query) must get through in between.
            for (let query = queue.shift(); query; query = queue.shift()) {
              await query(trx);
              if (readers.length > 1) await new Promise((resolve) => setImmediate(resolve));
            }
          } catch (e) {
            // The other connection stops after its current query instead of reading rows nobody will use.
            queue.length = 0;
            throw e;
          }
        }),
      ),
  );
  return { unit: { id: node.id, name: node.name, kind: node.kind }, period, committees, rows, activities };
}

/** The sub-district's column settings that apply to a unit (its own, or its sub-district's); none above. */
export async function loadStatsSettings(db: Kysely<Database>, node: OrgNode): Promise<StatsSettings | undefined> {
  const subdistrict = node.kind === 'subdistrict' ? node : node.kind === 'district' ? null : await ancestorOfKind(db, node, 'subdistrict');
  if (!subdistrict) return undefined;
  const row = await db.selectFrom('stats_settings').select('settings').where('node_id', '=', subdistrict.id).executeTakeFirst();
  return row ? (JSON.parse(row.settings) as StatsSettings) : undefined;
}

export interface StatsDrillCase {
  id: string;
  caseNo: string | null;
  type: string;
  source: string;
  committeeId: string | null;
  acceptedOn: string;
  concludedOn: string | null;
  outcome: string | null;
  /** What the case adds to the cell (1 for a count; people, yuan for sums). */
  value: number;
}

/**
 * The cases behind one cell of a case table: the column's measure, types and sources, and the row's committee
 * ('_total': all, '_none': none named or another unit's). Candidates come from SQL; each is then held to the same
 * rule the counts use (`caseMeasure`), so the values of a cell's cases add up to the cell.
 */
export async function drillStatsCell(
  db: Kysely<Database>,
  node: OrgNode,
  period: StatsPeriod,
  columnKey: string,
  rowKey: string,
  committees: readonly StatsCommittee[],
): Promise<{ total: number; count: number; cases: StatsDrillCase[] } | null> {
  const def = statsCellDef(columnKey);
  if (!def) return null;
  const dateColumn = (acceptedMeasures as readonly string[]).includes(def.measure) ? 'accepted_on' : 'concluded_on';
  let q = db
    .selectFrom('cases')
    .select([
      'id', 'doc', 'type', 'source', 'committee_id', 'is_group', 'people_involved', 'party_count', 'accepted_on', 'concluded_on', 'outcome',
      'agreement_form', 'agreement_amount', 'court_confirmation', 'performance', 'prev_disputes', 'prev_suicide', 'prev_suicide_people',
      'prev_criminal', 'prev_criminal_people', 'prev_petition', 'prev_petition_people', 'prev_fight', 'prev_fight_people',
    ])
    .where(ofUnit(node) as never)
    .where(dateColumn, '>=', period.from)
    .where(dateColumn, '<=', period.to);
  if (def.types) q = q.where('type', 'in', [...def.types]);
  if (def.sources) q = q.where('source', 'in', [...def.sources]);
  if (rowKey === '_none') {
    const listed = committees.map((c) => c.id);
    q = q.where((eb) => (listed.length > 0 ? eb.or([eb('committee_id', 'is', null), eb('committee_id', 'not in', listed)]) : eb('committee_id', 'is', null)));
  } else if (rowKey !== '_total') {
    q = q.where('committee_id', '=', rowKey);
  }
  const rows = await q.orderBy(dateColumn).orderBy('id').execute();
  const out: StatsDrillCase[] = [];
  let total = 0;
  let count = 0;
  for (const r of rows) {
    const fact: StatsCaseFact = {
      id: r.id,
      committeeId: r.committee_id,
      type: r.type,
      source: r.source,
      isGroup: r.is_group === 1,
      peopleInvolved: num(r.people_involved),
      partyCount: num(r.party_count),
      acceptedOn: r.accepted_on,
      concludedOn: r.concluded_on,
      outcome: r.outcome,
      agreementForm: r.agreement_form,
      agreementAmount: num(r.agreement_amount),
      courtConfirmation: r.court_confirmation,
      performance: r.performance,
      prevention: {
        disputes: num(r.prev_disputes),
        suicide: num(r.prev_suicide),
        suicidePeople: num(r.prev_suicide_people),
        criminal: num(r.prev_criminal),
        criminalPeople: num(r.prev_criminal_people),
        petition: num(r.prev_petition),
        petitionPeople: num(r.prev_petition_people),
        fight: num(r.prev_fight),
        fightPeople: num(r.prev_fight_people),
      },
    };
    const value = caseMeasure(fact, def.measure, period.from, period.to);
    if (value === 0) continue;
    total += value;
    count++;
    if (out.length < 500) {
      const doc = JSON.parse(r.doc) as { caseNo?: string };
      out.push({ id: r.id, caseNo: doc.caseNo ?? null, type: r.type, source: r.source, committeeId: r.committee_id, acceptedOn: r.accepted_on, concludedOn: r.concluded_on, outcome: r.outcome, value });
    }
  }
  return { total: Math.round(total * 100) / 100, count, cases: out };
}
