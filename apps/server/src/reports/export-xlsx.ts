import ExcelJS from 'exceljs';
import type { ReportTable } from '@tiaojie/report';
import { adjustmentSheetRows, signoffStatusLine } from './adjustment-rows.js';
import type { AnnualView } from './report-service.js';
import { ledgerColumns, type LedgerRecord } from './ledger-format.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function addTable(sheet: ExcelJS.Worksheet, table: ReportTable) {
  const title = sheet.addRow([table.title]);
  title.font = { bold: true, size: 13 };
  const header = sheet.addRow(table.columns);
  header.font = { bold: true };
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    c.border = { bottom: { style: 'thin' } };
  });
  for (const row of table.rows) sheet.addRow(row);
  if (table.note) sheet.addRow([`统计口径：${table.note}`]).font = { italic: true, color: { argb: 'FF555555' } };
  sheet.addRow([]);
}

/** Summary, by type, by child unit, by month, the other breakdowns, and the masked ledger (台账). */
export async function annualXlsx(view: AnnualView, ledger: LedgerRecord[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tiaojie';
  wb.created = new Date(0);
  const { report } = view;
  const byId = new Map(view.tables.zh.map((t) => [t.id, t]));

  const summary = wb.addWorksheet('汇总');
  summary.columns = [{ width: 26 }, { width: 18 }, { width: 18 }, { width: 70 }];
  summary.addRow([`${report.node.name}${report.year}年矛盾纠纷化解工作统计`]).font = { bold: true, size: 15 };
  summary.addRow([signoffStatusLine(view)]);
  summary.addRow([]);
  addTable(summary, byId.get('summary')!);
  summary.addRow(['报告文字']).font = { bold: true };
  const para = summary.addRow([view.text.zh.paragraph]);
  summary.mergeCells(para.number, 1, para.number, 4);
  para.alignment = { wrapText: true, vertical: 'top' };
  para.height = 180;
  summary.addRow([]);
  summary.addRow(['统计口径']).font = { bold: true };
  for (const b of view.text.zh.basis) summary.addRow([b]);
  const adjustments = adjustmentSheetRows(view);
  if (adjustments) {
    summary.addRow([]);
    summary.addRow([adjustments.title]).font = { bold: true };
    if (adjustments.late) summary.addRow([adjustments.late]);
    summary.addRow([...adjustments.columns]).font = { bold: true };
    for (const r of adjustments.rows) {
      const row = summary.addRow(r.cells);
      if (r.heading) row.font = { bold: true };
    }
  }

  const sheetFor = (name: string, ids: ReportTable['id'][]) => {
    const sheet = wb.addWorksheet(name);
    sheet.columns = [{ width: 26 }, ...Array.from({ length: 8 }, () => ({ width: 14 }))];
    for (const id of ids) addTable(sheet, byId.get(id)!);
  };
  sheetFor('按类型', ['byType']);
  sheetFor('按下级单位', ['byChild']);
  sheetFor('按月份', ['byMonth']);
  sheetFor('其他分类', ['byLevel', 'bySource', 'byBody', 'byRisk', 'activities']);

  const ledgerSheet = wb.addWorksheet('台账');
  ledgerSheet.columns = ledgerColumns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ledgerSheet.getRow(1).font = { bold: true };
  ledgerSheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of ledger) ledgerSheet.addRow(r);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
