import ExcelJS from 'exceljs';
import { caseStatuses, disputeTypes, intakeChannels, intakeLimitStates, outcomes, type IntakeChannel, type IntakeClock, type IntakeListRow } from '@tiaojie/domain';
import { csvCell } from '../reports/export-csv.js';

/** The sender's number is called what the sender calls it. */
const numberTitle: Record<IntakeChannel, string> = { hotline_12345: '工单编号', court: '法院案号', police: '移交编号' };
const senderTitle: Record<IntakeChannel, string> = { hotline_12345: '来源单位', court: '委派法院', police: '移交单位' };

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai, as a sender's list writes times. */
export function shanghaiMinute(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const clockText = (clocks: IntakeClock[], kind: IntakeClock['kind']) => {
  const k = clocks.find((c) => c.kind === kind);
  return k ? `${shanghaiMinute(k.dueAt)}（${intakeLimitStates.label(k.state)}）` : '';
};

/** The list answering back to the sender: what became of each case, no party's name, ID number or phone. */
export function intakeExportTable(channel: IntakeChannel, rows: IntakeListRow[]): { title: string; columns: string[]; rows: string[][] } {
  return {
    title: `${intakeChannels.label(channel)}办理情况`,
    columns: ['序号', numberTitle[channel], senderTitle[channel], '接收时间', '案件编号', '纠纷类型', '办理状态', '办理结果', '办结日期', '联系时限', '办结时限', '时限状态'],
    rows: rows.map((r, i) => [
      String(i + 1),
      r.number ?? '',
      r.sender ?? '',
      shanghaiMinute(r.receivedAt),
      r.caseNo ?? '',
      disputeTypes.label(r.type),
      caseStatuses.label(r.status),
      r.outcome ? outcomes.label(r.outcome) : '',
      r.concludedOn ?? '',
      clockText(r.clocks, 'contact'),
      clockText(r.clocks, 'conclude'),
      r.limitState ? intakeLimitStates.label(r.limitState) : '',
    ]),
  };
}

const BOM = '\uFEFF';

export function intakeCsv(channel: IntakeChannel, rows: IntakeListRow[]): string {
  const t = intakeExportTable(channel, rows);
  const line = (cells: string[]) => cells.map(csvCell).join(',');
  return BOM + [line(t.columns), ...t.rows.map(line)].join('\r\n') + '\r\n';
}

export async function intakeXlsx(channel: IntakeChannel, rows: IntakeListRow[], unitLine: string): Promise<Buffer> {
  const t = intakeExportTable(channel, rows);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tiaojie';
  wb.created = new Date(0);
  const sheet = wb.addWorksheet(t.title.slice(0, 31));
  sheet.columns = t.columns.map((c) => ({ width: c === '序号' ? 6 : c.endsWith('时限') ? 26 : 16 }));
  const title = sheet.addRow([t.title]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([unitLine]);
  const header = sheet.addRow(t.columns);
  header.font = { bold: true };
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    c.border = { bottom: { style: 'thin' } };
  });
  for (const r of t.rows) sheet.addRow(r);
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
