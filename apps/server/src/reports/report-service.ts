import { levelRank, roleLevel, type OrgNode, type User } from '@tiaojie/domain';
import {
  adjustmentLines,
  adjustmentsSince,
  compareWithSigned,
  computeAnnualReport,
  reportTables,
  reportText,
  type Adjustment,
  type AdjustmentLine,
  type AnnualReport,
  type ReportTable,
  type ReportText,
} from '@tiaojie/report';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { ApiError, notFound } from '../http/api-error.js';
import { findNodeInScope } from '../org/index.js';
import { countSyncedAfter } from './drill-down.js';
import { loadReportRows } from './report-queries.js';
import { latestSignoff, type Signoff } from './signoff-store.js';

export interface AnnualView {
  status: 'draft' | 'signed';
  /** What the report says: the signed version if there is one (never recomputed), else the live figures. */
  report: AnnualReport;
  /** The live figures, computed now. */
  live: AnnualReport;
  /** live − signed, per figure; empty for a draft. */
  adjustments: Adjustment[];
  /** The same adjustments as staff read them (headline figures first, rates inline), as the screen and exports show them. */
  adjustmentLines: { zh: AdjustmentLine[]; en: AdjustmentLine[] };
  /** Cases of the year's ledger created or changed after the sign-off (they are what the adjustments come from); null for a draft. */
  syncedAfterSignoff: number | null;
  signoff: Omit<Signoff, 'report'> | null;
  text: { zh: ReportText; en: ReportText };
  tables: { zh: ReportTable[]; en: ReportTable[] };
  canSignOff: boolean;
}

/** The node to report on, if the viewer may see it: outside their subtree is a 404, as everywhere. */
export async function resolveReportNode(db: Kysely<Database>, viewer: User, nodeId: string | undefined): Promise<OrgNode> {
  const node = await findNodeInScope(db, nodeId ?? viewer.nodeId, viewer.nodePath);
  if (!node) throw notFound('node');
  return node;
}

/** Sub-district staff and above (district staff, admin) sign off; grid and community staff cannot. */
export function canSignOff(viewer: User): boolean {
  return viewer.role === 'admin' || levelRank[roleLevel(viewer.role)] >= levelRank.subdistrict;
}

export function assertCanSignOff(viewer: User): void {
  if (!canSignOff(viewer)) throw new ApiError(403, 'ROLE_NOT_ALLOWED', 'only sub-district staff and above sign off reports');
}

/**
 * The report computed now. When the previous year was signed off, the comparison is with its signed figures (the
 * published ones), not with what later syncs have made of them.
 */
export async function computeLive(db: Kysely<Database>, node: OrgNode, year: number): Promise<AnnualReport> {
  const live = computeAnnualReport(await loadReportRows(db, node, year));
  const previous = await latestSignoff(db, node.id, year - 1);
  return previous ? compareWithSigned(live, { figures: previous.report.current, version: previous.version, signedAt: previous.signedAt }) : live;
}

export async function buildAnnualView(db: Kysely<Database>, viewer: User, node: OrgNode, year: number): Promise<AnnualView> {
  const live = await computeLive(db, node, year);
  const signed = await latestSignoff(db, node.id, year);
  const report = signed?.report ?? live;
  const { report: _r, ...signoff } = signed ?? { report: null };
  return {
    status: signed ? 'signed' : 'draft',
    report,
    live,
    adjustments: signed ? adjustmentsSince(signed.report.current, live.current) : [],
    adjustmentLines: {
      zh: signed ? adjustmentLines(signed.report.current, live.current, 'zh-CN') : [],
      en: signed ? adjustmentLines(signed.report.current, live.current, 'en') : [],
    },
    syncedAfterSignoff: signed ? await countSyncedAfter(db, node, year, signed.signedAt) : null,
    signoff: signed ? (signoff as Omit<Signoff, 'report'>) : null,
    text: { zh: reportText(report, 'zh-CN'), en: reportText(report, 'en') },
    tables: { zh: reportTables(report, 'zh-CN'), en: reportTables(report, 'en') },
    canSignOff: canSignOff(viewer),
  };
}
