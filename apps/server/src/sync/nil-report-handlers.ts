import { nodeKindLevel } from '@tiaojie/domain';
import type { MutationArgs } from '@tiaojie/sync';
import { findNode } from '../org/index.js';
import { isInScope, reject, type HandlerContext, type HandlerOutcome } from './handler-context.js';

/**
 * Files a grid's nil report for a period. Filing again (a retry, the grid's other phone) changes nothing. Nil reports
 * are not pulled back (they are not part of any case), so no change-log entry and no seq: the phone keeps its own.
 */
export async function fileNilReport(ctx: HandlerContext, args: MutationArgs['nilReport.file']): Promise<HandlerOutcome> {
  const { report } = args;
  const node = await findNode(ctx.trx, report.gridId);
  if (!node || nodeKindLevel[node.kind] !== 'grid') return reject('VALIDATION_FAILED', `${report.gridId} is not a grid`);
  if (!isInScope(node.path, ctx.auth.user.nodePath)) return reject('FORBIDDEN', `grid ${report.gridId} is not in your area`);
  const existing = await ctx.trx
    .selectFrom('nil_reports')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', report.id), eb.and([eb('grid_id', '=', report.gridId), eb('period', '=', report.period)])]))
    .executeTakeFirst();
  if (existing) return { status: 'applied' };
  await ctx.trx
    .insertInto('nil_reports')
    .values({ id: report.id, grid_id: report.gridId, scope_path: node.path, period: report.period, filed_by: ctx.auth.user.id, filed_at: ctx.now, seq: 0 })
    .execute();
  return { status: 'applied' };
}
