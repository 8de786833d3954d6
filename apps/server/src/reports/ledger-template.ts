import ExcelJS from 'exceljs';
import { ledgerCodeLists, ledgerColumns } from './ledger-format.js';

/** The ledger sheet with headers only, plus a sheet listing the allowed values of each coded column. */
export async function ledgerTemplateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('台账');
  sheet.columns = ledgerColumns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('填写说明');
  help.addRow(['列', '可填写的值']).font = { bold: true };
  for (const c of ledgerColumns) {
    const list = (ledgerCodeLists as Record<string, { entries: readonly { zh: string }[] }>)[c.key];
    const values = list ? list.entries.map((e) => e.zh).join('、') : c.key.endsWith('On') ? '日期 YYYY-MM-DD' : '';
    help.addRow([c.header, values]);
  }
  help.addRow(['群体性/防止民转刑/防止群体性上访', '是、否']);
  help.addRow(['说明', '每行一件案件;案件编号与网格编号相同的行视为同一案件,重复导入不会重复计数。']);
  help.getColumn(1).width = 30;
  help.getColumn(2).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
