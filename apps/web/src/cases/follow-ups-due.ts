import type { DisputeCase } from '@tiaojie/domain';
import type { CaseList, CaseSummary, LocalStore } from '../storage/index.ts';
import { isFollowUpDue, type FollowUpInput } from './deadlines.ts';

/** How many recently concluded cases the home screen inspects for due visits (the summary lacks follow-up data). */
const CONCLUDED_SCAN_LIMIT = 60;

export function followUpInputOf(c: DisputeCase): FollowUpInput {
  const visits = Object.values(c.followUps).sort((a, b) => a.date.localeCompare(b.date));
  const last = visits.at(-1);
  return {
    outcome: c.outcome?.code ?? null,
    concludedOn: c.outcome?.concludedOn ?? null,
    lastFollowUpOn: last?.date ?? null,
    performance: last?.performance ?? c.agreement?.performance ?? null,
  };
}

/** Successful cases whose return visit is due today or earlier. */
export async function listFollowUpsDue(store: LocalStore, on: string, limit: number): Promise<CaseList> {
  const concluded = await store.listCases({ status: 'concluded', limit: CONCLUDED_SCAN_LIMIT });
  const due: CaseSummary[] = [];
  for (const summary of concluded.items) {
    const local = await store.getCase(summary.id);
    if (local && isFollowUpDue(followUpInputOf(local.case), on)) due.push(summary);
  }
  return { items: due.slice(0, limit), total: due.length };
}
