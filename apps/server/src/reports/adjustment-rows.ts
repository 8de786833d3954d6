import { toShanghaiDate } from '@tiaojie/domain';
import type { AdjustmentLine, Cell } from '@tiaojie/report';

/** What a signed report's exports need of its view: the annual report's and the statistics tables' both fit. */
export interface SignedViewLike {
  status: 'draft' | 'signed';
  signoff: { version: number; signedByName: string; signedAt: string } | null;
  adjustmentLines: { zh: AdjustmentLine[] };
  syncedAfterSignoff: number | null;
}

/** Signed (which version, by whom, when) or draft: the line under the title of every export. */
export function signoffStatusLine(view: SignedViewLike): string {
  return view.status === 'signed' && view.signoff
    ? `已签发 第${view.signoff.version}版 · ${view.signoff.signedByName} · ${toShanghaiDate(new Date(view.signoff.signedAt))}`
    : '草稿（未签发）';
}

/**
 * The adjustments since sign-off as the print view and the XLSX lay them out, from the same lines the screen shows:
 * how many cases synced after the sign-off, the changed headline figures, then the breakdowns under a heading.
 * Null for a draft or when the live figures still equal the signed ones and nothing synced since.
 */
export function adjustmentSheetRows(view: SignedViewLike): {
  title: string;
  late: string;
  columns: readonly string[];
  /** A heading row is one cell of text across the table. */
  rows: { cells: Cell[]; heading?: boolean }[];
} | null {
  if (view.status !== 'signed') return null;
  const lines = view.adjustmentLines.zh;
  const late = view.syncedAfterSignoff ? `签发后同步（新增、修改或删除）的案件：${view.syncedAfterSignoff}件` : '';
  if (lines.length === 0 && !late) return null;
  const headline = lines.filter((l) => l.headline);
  const detail = lines.filter((l) => !l.headline);
  const row = (l: (typeof lines)[number]) => ({ cells: [l.label, l.signed, l.current, l.change] });
  return {
    title: '签发后调整（当前 − 已签发）',
    late,
    columns: ['指标', '已签发', '当前', '调整'],
    rows:
      lines.length === 0
        ? [{ cells: ['签发后数字无变化'], heading: true }]
        : [...headline.map(row), ...(detail.length ? [{ cells: ['分类明细'], heading: true }, ...detail.map(row)] : [])],
  };
}
