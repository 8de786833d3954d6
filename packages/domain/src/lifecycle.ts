import { levelRank, type CaseStatus, type Level, type Role } from './codes.js';
import { roleLevel } from './org.js';

/**
 * The case lifecycle as an explicit state machine. Plain edits never change `status`;
 * only these actions do, and only for the roles listed.
 */
export const caseActions = ['startMediation', 'escalate', 'conclude', 'reopen', 'archive', 'delete'] as const;
export type CaseAction = (typeof caseActions)[number];

interface TransitionRule {
  readonly from: readonly CaseStatus[];
  /** 'same' keeps the status (escalation changes the handling level, not the status). */
  readonly to: CaseStatus | 'same' | 'deleted';
  readonly roles: readonly Role[];
}

const everyone: readonly Role[] = ['grid_worker', 'community_staff', 'subdistrict_staff', 'district_staff', 'admin'];
const staff: readonly Role[] = ['community_staff', 'subdistrict_staff', 'district_staff', 'admin'];

export const caseTransitions: Record<CaseAction, TransitionRule> = {
  startMediation: { from: ['accepted'], to: 'mediating', roles: everyone },
  escalate: { from: ['accepted', 'mediating'], to: 'same', roles: everyone },
  conclude: { from: ['accepted', 'mediating'], to: 'concluded', roles: everyone },
  reopen: { from: ['concluded'], to: 'mediating', roles: staff },
  archive: { from: ['concluded'], to: 'archived', roles: staff },
  delete: { from: ['accepted'], to: 'deleted', roles: everyone },
};

export type TransitionResult =
  | { ok: true; to: CaseStatus | 'deleted' }
  | { ok: false; code: 'ILLEGAL_TRANSITION' | 'ROLE_NOT_ALLOWED'; message: string };

export interface TransitionContext {
  status: CaseStatus;
  handlingLevel: Level;
  role: Role;
  /** For escalate: the level the case goes to. */
  toLevel?: Level;
}

/** Decides whether `action` is legal for this case and actor; pure, used by both apps. */
export function checkTransition(action: CaseAction, ctx: TransitionContext): TransitionResult {
  const rule = caseTransitions[action];
  if (!rule.from.includes(ctx.status)) {
    return { ok: false, code: 'ILLEGAL_TRANSITION', message: `${action} is not allowed from status ${ctx.status}` };
  }
  if (!rule.roles.includes(ctx.role)) {
    return { ok: false, code: 'ROLE_NOT_ALLOWED', message: `role ${ctx.role} may not ${action}` };
  }
  // Nobody handles a case above their own level: a grid worker cannot conclude a sub-district case.
  if (ctx.role !== 'admin' && levelRank[roleLevel(ctx.role)] < levelRank[ctx.handlingLevel]) {
    return { ok: false, code: 'ROLE_NOT_ALLOWED', message: `role ${ctx.role} cannot act on a ${ctx.handlingLevel}-level case` };
  }
  if (action === 'escalate') {
    if (!ctx.toLevel || levelRank[ctx.toLevel] <= levelRank[ctx.handlingLevel]) {
      return { ok: false, code: 'ILLEGAL_TRANSITION', message: 'escalation must go to a higher level' };
    }
  }
  return { ok: true, to: rule.to === 'same' ? ctx.status : rule.to };
}

/** Actions currently available to a role, for showing buttons. */
export function availableActions(ctx: Omit<TransitionContext, 'toLevel'>): CaseAction[] {
  return caseActions.filter((a) => {
    if (a === 'escalate') return ctx.handlingLevel !== 'district' && checkTransition(a, { ...ctx, toLevel: 'district' }).ok;
    return checkTransition(a, ctx).ok;
  });
}
