import { auditActionLabel, type AuditEventView } from '@tiaojie/domain';
import { csvCell } from '../reports/export-csv.js';

const BOM = '\uFEFF';
const header = ['序号', '时间(UTC)', '操作', '操作代码', '操作人', '设备', '案件', '当事人', '对象', '详情'];

/** The audit events as CSV for a spreadsheet (UTF-8 with BOM, cells guarded against formulas). */
export function auditCsv(events: AuditEventView[]): string {
  const lines = [header.map(csvCell).join(',')];
  for (const e of events) {
    const label = auditActionLabel(e.action);
    const cells = [e.seq, e.at, label, e.action, e.actorName ?? '', e.deviceId ?? '', e.caseId ?? '', e.partyId ?? '', e.target ?? '', JSON.stringify(e.details)];
    lines.push(cells.map(csvCell).join(','));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
