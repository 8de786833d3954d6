import {
  caseSchema,
  defaultRiskLimits,
  monthsToReport,
  nilReportStatusOf,
  nilReportStatusOver,
  pathToIds,
  riskClock,
  riskLevels,
  riskLimitsSchema,
  riskRank,
  type DisputeCase,
  type Level,
  type NilReportStatus,
  type OrgNode,
  type RiskClockState,
  type RiskFlag,
  type RiskLevel,
  type RiskLimits,
} from '@tiaojie/domain';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { inSubtree, listSubtree } from '../org/index.js';

/** The sub-district a node belongs to (itself for a sub-district): the unit whose setting holds the time limits. */
function subdistrictIdOf(path: string): string | undefined {
  return pathToIds(path)[1];
}

/** The time limits in force for a node: its sub-district's setting, else the defaults. */
export async function riskLimitsFor(db: Kysely<Database>, nodePath: string): Promise<{ limits: RiskLimits; subdistrictId: string | null; custom: boolean }> {
  const subdistrictId = subdistrictIdOf(nodePath) ?? null;
  if (!subdistrictId) return { limits: defaultRiskLimits, subdistrictId, custom: false };
  const row = await db.selectFrom('risk_limit_settings').select('limits').where('node_id', '=', subdistrictId).executeTakeFirst();
  const parsed = row ? riskLimitsSchema.safeParse(JSON.parse(row.limits)) : null;
  return parsed?.success ? { limits: parsed.data, subdistrictId, custom: true } : { limits: defaultRiskLimits, subdistrictId, custom: false };
}

export async function saveRiskLimits(db: Kysely<Database>, input: { subdistrictId: string; limits: RiskLimits; userId: string; now: string }): Promise<void> {
  const values = { limits: JSON.stringify(input.limits), updated_by: input.userId, updated_at: input.now };
  await db
    .insertInto('risk_limit_settings')
    .values({ node_id: input.subdistrictId, ...values })
    .onConflict((oc) => oc.column('node_id').doUpdateSet(values))
    .execute();
}

export interface BoardCase {
  id: string;
  caseNo: string | null;
  gridId: string;
  gridName: string;
  grade: RiskLevel;
  flags: RiskFlag[];
  state: RiskClockState;
  dueAt: string;
  minutesLeft: number;
  handlingLevel: Level;
  requiredLevel: Level;
  /** It went up by the time-limit rule (nobody acted in time). */
  autoEscalated: boolean;
  acceptedOn: string;
  facts: string;
}

export interface BoardEscalation {
  caseId: string;
  caseNo: string | null;
  gridName: string;
  grade: RiskLevel;
  fromLevel: Level;
  toLevel: Level;
  date: string;
  at: string | null;
  automatic: boolean;
  reason: string;
}

export interface RiskBoard {
  generatedAt: string;
  node: { id: string; name: string };
  byGrade: { grade: RiskLevel; open: number; passed: number; approaching: number }[];
  cases: BoardCase[];
  escalations: BoardEscalation[];
}

const BOARD_CASES = 200;
const BOARD_ESCALATIONS = 20;

/**
 * The warning board of a node: its open cases by grade with their time limits judged now, red first (then passed
 * limits first, then the soonest), and the newest escalations of those cases. Reads the stored documents without
 * the parties' personal data.
 */
export async function riskBoard(db: Kysely<Database>, node: OrgNode, now: Date): Promise<RiskBoard> {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'doc', 'grid_id', 'subdistrict_id'])
    .where(inSubtree('scope_path', node.path))
    .where('deleted', '=', 0)
    .where('status', 'in', ['accepted', 'mediating'])
    .execute();
  const names = new Map((await listSubtree(db, node.path)).map((n) => [n.id, n.name]));
  const limitsBySubdistrict = new Map<string, RiskLimits>();
  const limitsOf = async (subdistrictId: string) => {
    let limits = limitsBySubdistrict.get(subdistrictId);
    if (!limits) {
      limits = (await riskLimitsFor(db, `/${pathToIds(node.path)[0]}/${subdistrictId}/`)).limits;
      limitsBySubdistrict.set(subdistrictId, limits);
    }
    return limits;
  };
  const byGrade = new Map(riskLevels.codes.map((g) => [g, { grade: g, open: 0, passed: 0, approaching: 0 }]));
  const cases: BoardCase[] = [];
  const escalations: BoardEscalation[] = [];
  for (const row of rows) {
    const parsed = caseSchema.safeParse({ ...(JSON.parse(row.doc) as object), parties: {} });
    if (!parsed.success) continue;
    const c: DisputeCase = parsed.data;
    const clock = riskClock(c, await limitsOf(row.subdistrict_id), now);
    const counts = byGrade.get(c.risk)!;
    counts.open += 1;
    if (clock.state === 'passed') counts.passed += 1;
    if (clock.state === 'approaching') counts.approaching += 1;
    const gridName = names.get(row.grid_id) ?? row.grid_id;
    cases.push({
      id: c.id,
      caseNo: c.caseNo ?? c.provisionalNo ?? null,
      gridId: row.grid_id,
      gridName,
      grade: c.risk,
      flags: c.riskFlags,
      state: clock.state,
      dueAt: clock.dueAt,
      minutesLeft: clock.minutesLeft,
      handlingLevel: c.handlingLevel,
      requiredLevel: clock.requiredLevel,
      autoEscalated: Object.values(c.escalations).some((e) => e.automatic === true),
      acceptedOn: c.acceptedOn,
      facts: c.facts.length > 60 ? `${c.facts.slice(0, 60)}…` : c.facts,
    });
    for (const e of Object.values(c.escalations)) {
      escalations.push({
        caseId: c.id,
        caseNo: c.caseNo ?? c.provisionalNo ?? null,
        gridName,
        grade: c.risk,
        fromLevel: e.fromLevel,
        toLevel: e.toLevel,
        date: e.date,
        at: e.at ?? null,
        automatic: e.automatic === true,
        reason: e.reason,
      });
    }
  }
  const statePriority = (s: RiskClockState) => (s === 'passed' ? 0 : s === 'approaching' ? 1 : s === 'running' ? 2 : 3);
  cases.sort((a, b) => riskRank[a.grade] - riskRank[b.grade] || statePriority(a.state) - statePriority(b.state) || a.dueAt.localeCompare(b.dueAt));
  escalations.sort((a, b) => (b.at ?? b.date).localeCompare(a.at ?? a.date));
  return {
    generatedAt: now.toISOString(),
    node: { id: node.id, name: node.name },
    byGrade: [...byGrade.values()],
    cases: cases.slice(0, BOARD_CASES),
    escalations: escalations.slice(0, BOARD_ESCALATIONS),
  };
}

export interface NilReportOverview {
  period: string;
  grids: { id: string; name: string; communityName: string; status: NilReportStatus; cases: number; filedAt: string | null }[];
  counts: Record<NilReportStatus, number>;
}

/**
 * Per grid of a node, for a period ('YYYY-MM'): reported disputes (cases accepted in it), a nil report, or neither.
 * `counts.missing` is the statistics tables' footnote ("N units did not report").
 */
export async function nilReportOverview(db: Kysely<Database>, node: OrgNode, period: string): Promise<NilReportOverview> {
  const nodes = await listSubtree(db, node.path);
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const grids = nodes.filter((n) => n.kind === 'grid');
  const caseCounts = grids.length === 0 ? [] : await db
    .selectFrom('cases')
    .select(['grid_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('grid_id', 'in', grids.map((g) => g.id))
    .where('deleted', '=', 0)
    .where('accepted_on', '>=', `${period}-01`)
    .where('accepted_on', '<=', `${period}-31`)
    .groupBy('grid_id')
    .execute();
  const casesOf = new Map(caseCounts.map((r) => [r.grid_id, Number(r.n)]));
  const filed = await db.selectFrom('nil_reports').select(['grid_id', 'filed_at']).where('period', '=', period).where(inSubtree('scope_path', node.path)).execute();
  const filedAt = new Map(filed.map((r) => [r.grid_id, r.filed_at]));
  const counts: Record<NilReportStatus, number> = { reported: 0, nil: 0, missing: 0 };
  const out = grids.map((g) => {
    const cases = casesOf.get(g.id) ?? 0;
    const status = nilReportStatusOf(cases, filedAt.has(g.id));
    counts[status] += 1;
    const communityId = pathToIds(g.path).at(-2) ?? '';
    return { id: g.id, name: g.name, communityName: names.get(communityId) ?? '', status, cases, filedAt: filedAt.get(g.id) ?? null };
  });
  return { period, grids: out, counts };
}

/** For the statistics tables' footnote: how many grids under the node neither reported a dispute nor filed a nil report. */
export async function unitsNotReported(db: Kysely<Database>, node: OrgNode, period: string): Promise<number> {
  return (await nilReportOverview(db, node, period)).counts.missing;
}

export interface NilReportSpan {
  /** The months counted ('YYYY-MM'): those of the period that have begun. */
  months: string[];
  /** Grids under the node by their status over those months (nilReportStatusOver). */
  counts: Record<NilReportStatus, number>;
}

/**
 * The statistics tables' footnote for a period of one or more months ('YYYY-MM-DD' bounds): per grid under the node,
 * its status in each month counted (disputes accepted, a nil report, or neither), then over the period — a grid did
 * not report if some month has neither, filed nil reports if every month is nil, else reported disputes.
 */
export async function nilReportSpan(db: Kysely<Database>, node: OrgNode, span: { from: string; to: string }, today: string): Promise<NilReportSpan> {
  const months = monthsToReport(span.from, span.to, today);
  const grids = (await listSubtree(db, node.path)).filter((n) => n.kind === 'grid');
  const counts: Record<NilReportStatus, number> = { reported: 0, nil: 0, missing: 0 };
  if (months.length === 0 || grids.length === 0) {
    counts.missing = grids.length;
    return { months, counts };
  }
  const first = `${months[0]}-01`;
  const last = `${months.at(-1)}-31`;
  const month = sql<string>`substr(accepted_on, 1, 7)`;
  // By grid id, as nilReportOverview counts: a case escalated out of the grid still counts for it.
  const withCases = await db
    .selectFrom('cases')
    .select(['grid_id', month.as('month')])
    .where('grid_id', 'in', grids.map((g) => g.id))
    .where('deleted', '=', 0)
    .where('accepted_on', '>=', first)
    .where('accepted_on', '<=', last)
    .groupBy(['grid_id', month])
    .execute();
  const reported = new Set(withCases.map((r) => `${r.grid_id}|${r.month}`));
  const filed = await db.selectFrom('nil_reports').select(['grid_id', 'period']).where('period', 'in', months).where(inSubtree('scope_path', node.path)).execute();
  const nil = new Set(filed.map((r) => `${r.grid_id}|${r.period}`));
  for (const g of grids) {
    const status = nilReportStatusOver(months.map((m) => nilReportStatusOf(reported.has(`${g.id}|${m}`) ? 1 : 0, nil.has(`${g.id}|${m}`))));
    counts[status] += 1;
  }
  return { months, counts };
}
