import {
  automaticEscalationId,
  caseSchema,
  defaultRiskLimits,
  levelRank,
  pathToIds,
  riskClock,
  riskLevels,
  riskLimitsSchema,
  toShanghaiDate,
  type Level,
  type RiskLevel,
  type RiskLimits,
  type User,
} from '@tiaojie/domain';
import type { Store } from '../db/index.js';
import type { AuthContext } from '../http/app-env.js';
import { applyMutations } from '../sync/apply-mutation.js';

/** The account the sweep's escalations are recorded under (no row in users: nobody signs in as it). */
export const SWEEP_USER_ID = 'system.risk-sweep';
/** The sweep's mutation stream: one for every instance, so its ids are claimed by a conditional update in the database. */
export const SWEEP_DEVICE_ID = 'server.risk-sweep';
/** Cases escalated per sweep at most: the next sweep takes the rest. */
const SWEEP_BATCH = 500;

/** The same reason the phone writes (its zh-CN catalogue's riskGrade.autoReason). */
export function autoEscalationReason(grade: RiskLevel): string {
  return `${riskLevels.label(grade, 'zh-CN')}风险案件超过处置时限，无人处理，系统自动上报`;
}

function sweepUser(rootId: string): User {
  // Admin at the case's district root: the one role every level of case may be escalated by (checkTransition).
  return { id: SWEEP_USER_ID, username: SWEEP_USER_ID, displayName: '系统（超时自动上报）', role: 'admin', nodeId: rootId, nodePath: `/${rootId}/` };
}

export interface SweepResult {
  /** Cases whose limit had passed with nobody acting. */
  due: number;
  /** Of them, escalated by this sweep (the others were escalated meanwhile by a phone, a person or another instance). */
  escalated: string[];
}

/**
 * Finds open cases whose risk grade escalates itself and whose time limit passed with nobody acting, and escalates
 * each exactly as the phone's RiskWatcher does: the same `case.transition` mutation with the grade's fixed automatic
 * escalation id, applied through the push pipeline (one transaction per case, audited, in the case's history as an
 * automatic escalation). Exactly once however many phones and server instances race: the case row is locked (for
 * update on PostgreSQL; one writer on SQLite) and an automatic escalation already made, or overtaken, changes nothing
 * (isSettledAutomaticEscalation, the phones' rule). `now` is injected so tests drive the clock.
 */
export async function sweepEscalations(store: Store, now: Date): Promise<SweepResult> {
  const limitsBySubdistrict = new Map<string, RiskLimits>();
  for (const row of await store.db.selectFrom('risk_limit_settings').select(['node_id', 'limits']).execute()) {
    const parsed = riskLimitsSchema.safeParse(JSON.parse(row.limits));
    if (parsed.success) limitsBySubdistrict.set(row.node_id, parsed.data);
  }
  // Only grades that escalate themselves somewhere are read (by default red alone).
  const grades = new Set<RiskLevel>();
  for (const limits of [defaultRiskLimits, ...limitsBySubdistrict.values()]) {
    for (const g of riskLevels.codes) if (limits[g].autoEscalate && limits[g].level !== 'grid') grades.add(g);
  }
  if (grades.size === 0) return { due: 0, escalated: [] };
  const rows = await store.db
    .selectFrom('cases')
    .select(['id', 'doc', 'subdistrict_id', 'scope_path'])
    .where('deleted', '=', 0)
    .where('status', 'in', ['accepted', 'mediating'])
    .where('risk', 'in', [...grades])
    .where('handling_level', '<>', 'district')
    .orderBy('id')
    .execute();
  const due: { id: string; grade: RiskLevel; level: Level; rootId: string }[] = [];
  for (const row of rows) {
    const parsed = caseSchema.safeParse({ ...(JSON.parse(row.doc) as object), parties: {} });
    if (!parsed.success) continue;
    const c = parsed.data;
    const clock = riskClock(c, limitsBySubdistrict.get(row.subdistrict_id) ?? defaultRiskLimits, now);
    if (!clock.escalateNow || levelRank[c.handlingLevel] >= levelRank[clock.requiredLevel]) continue;
    due.push({ id: c.id, grade: c.risk, level: clock.requiredLevel, rootId: pathToIds(row.scope_path)[0]! });
    if (due.length >= SWEEP_BATCH) break;
  }
  const escalated: string[] = [];
  for (const d of due) {
    const auth: AuthContext = { user: sweepUser(d.rootId), tokenId: SWEEP_USER_ID, deviceId: SWEEP_DEVICE_ID };
    const payload = {
      escalationId: automaticEscalationId(d.grade, d.level),
      toLevel: d.level,
      reason: autoEscalationReason(d.grade),
      date: toShanghaiDate(now),
      automatic: true,
      at: now.toISOString(),
    };
    const outcome = await applyMutations({ store }, auth, SWEEP_DEVICE_ID, [
      { id: 'next', name: 'case.transition', args: { caseId: d.id, action: 'escalate', payload }, clientTime: now.toISOString() },
    ]);
    // 'applied' with a seq: this sweep changed the case; without one it was already settled (escalated elsewhere).
    const r = outcome.results[0];
    if (r?.status === 'applied' && r.seq !== undefined) escalated.push(d.id);
  }
  return { due: due.length, escalated };
}

/**
 * Runs the sweep every `intervalMs` (RISK_SWEEP_SECONDS; 0 turns it off). A failed sweep is reported and the next one
 * tries again; an unref'd timer never keeps the process alive. Returns the stop function.
 */
export function startEscalationSweep(
  store: Store,
  intervalMs: number,
  onError: (e: unknown) => void,
  onEscalated?: (r: SweepResult) => void,
  /** Graceful shutdown waits for a sweep under way (its transactions) before closing the database. */
  track: <T>(task: Promise<T>) => Promise<T> = (task) => task,
): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    track(sweepEscalations(store, new Date()))
      .then((r) => {
        if (r.escalated.length > 0) onEscalated?.(r);
      })
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
