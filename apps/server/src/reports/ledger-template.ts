import ExcelJS from 'exceljs';
import { ledgerCodeLists, ledgerColumns } from './ledger-format.js';

/** How the import reads the sheet (POST /api/reports/import/ledger); shown on the template's help sheet. */
export const importNotes: [string, string][] = [
  ['必填列', '纠纷类型、案件来源、受理日期、简要案情，以及网格编号或网格名称（名称须在您的辖区内唯一）'],
  ['网格', '网格须在导入人的辖区内；辖区外的网格按"未找到"拒收该行'],
  ['当事人', '导入须填写完整姓名和手机号（导出的台账已打码，不能直接导入）；不填写身份证号'],
  ['日期', '年-月-日，也可写 2023/5/3 或 2023年5月3日；发现日期不填时取受理日期'],
  ['办结', '填写办结日期时须同时填写调解结果、化解层级和调解组织；协议形式仅限调解成功的案件'],
  ['回访次数', '台账只记录次数，导入后生成相应条数的回访记录（备注"台账导入"）'],
  ['重复导入', '每行一件案件；网格与案件编号相同的行视为同一案件（含在手机上登记、填写了相同案件编号的案件），重复导入同一文件不会新增案件；行内容有更正时更新由台账导入的案件（记为导入人的修改）'],
  ['文件大小', '文件不超过 10 MB、20000 行；XLSX 解压后不超过 100 MB'],
  ['错误', '有问题的行逐行报告行号、列名和原因，其余各行照常导入'],
];

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
  for (const [k, v] of importNotes) help.addRow([k, v]);
  help.getColumn(1).width = 30;
  help.getColumn(2).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
