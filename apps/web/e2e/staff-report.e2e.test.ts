import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { artefactsDir, launchChromium, screenshot, signIn } from './browser.ts';

// ExcelJS is a server dependency; the test reads the download back with the same library the server wrote it
// with, loaded from there. The few members used are typed here because the web app does not depend on it.
interface XCell {
  value: unknown;
}
interface XRow {
  values: unknown;
  getCell(i: number): XCell;
  eachCell(cb: (c: XCell) => void): void;
}
interface XSheet {
  name: string;
  eachRow(cb: (r: XRow) => void): void;
  getRow(i: number): XRow;
}
interface XWorkbook {
  worksheets: XSheet[];
  getWorksheet(name: string): XSheet | undefined;
  eachSheet(cb: (s: XSheet) => void): void;
  xlsx: { load(data: Buffer): Promise<unknown> };
}
const ExcelJS = createRequire(new URL('../../server/package.json', import.meta.url))('exceljs') as { Workbook: new () => XWorkbook };

const baseUrl = inject('baseUrl');
// The demo district's stories lie in the months before today; the screen opens on the previous year.
const year = new Date().getFullYear() - 1;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('staff report screens', () => {
  it('street opens the year, sees figures and text, downloads the XLSX and it reads back', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await signIn(page, 'street');
    await page.goto('/staff');
    await page.getByLabel('年度').selectOption(String(year));
    await page.getByTestId('report-status').waitFor();
    await page.waitForFunction((y) => document.querySelector('[data-testid="report-text"]')?.textContent?.startsWith(`${y}年`), year);
    await expect(page.getByTestId('report-text').textContent()).resolves.toContain(`${year}年，清河街道共受理各类矛盾纠纷`);
    await expect(page.getByTestId('report-text').textContent()).resolves.toMatch(/全年调解各类纠纷\d+件，调解成功\d+件，成功率/);
    // The demo's cases start in January of this year: the year before has none, said once per tile instead of 0 and —.
    await expect(page.locator('[data-figure="accepted"] small').textContent()).resolves.toBe('上年无记录');
    await expect(page.locator('[data-figure="successRate"] small').textContent()).resolves.toBe('上年无记录');
    await page.locator('canvas').first().waitFor();
    await screenshot(page, 'staff-report-1280');

    // A figure opens the list of cases behind it.
    await page.locator('[data-figure="accepted"]').click();
    await page.getByRole('dialog', { name: '案件清单' }).waitFor();
    // A case in it opens in the app; Back returns to the same year and unit (they are kept in the address).
    await page.getByRole('dialog', { name: '案件清单' }).locator('tbody a').first().click();
    await page.waitForURL(/\/cases\/[^/?]+$/);
    // Until the case screen has loaded, React keeps the report screen mounted (hidden): wait, so Back remounts it.
    await page.locator('.main h1:visible, .main .card:visible').first().waitFor();
    await page.goBack();
    await page.getByTestId('report-status').waitFor();
    await expect(page.getByLabel('年度').inputValue()).resolves.toBe(String(year));
    expect(new URL(page.url()).searchParams.get('node')).toBe('s1');
    await page.locator('[data-figure="accepted"]').click();
    await page.getByRole('dialog', { name: '案件清单' }).waitFor();
    await page.getByRole('button', { name: '关闭' }).click();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel' }).click()]);
    const file = `${artefactsDir}staff-report-${year}.xlsx`;
    await download.saveAs(file);
    expect(download.suggestedFilename()).toBe(`清河街道${year}年矛盾纠纷统计.xlsx`);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '按类型', '按下级单位', '按月份', '其他分类', '台账']);
    const summary: string[] = [];
    wb.getWorksheet('汇总')!.eachRow((r) => summary.push(String(r.getCell(1).value)));
    expect(summary[0]).toBe(`清河街道${year}年矛盾纠纷化解工作统计`);
    expect(summary).toContain('受理');
    const ledger = wb.getWorksheet('台账')!;
    expect((ledger.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['案件编号', '网格编号', '网格名称']);
    // No ID-card number (18 characters, digits and a check character) anywhere in the workbook.
    const cells: string[] = [];
    wb.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => cells.push(String(c.value)))));
    expect(cells.filter((c) => /\d{17}[\dX]/.test(c))).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('street imports a ledger with a new and a bad row; the result and the refused row stay on screen', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await signIn(page, 'street');
    await page.goto('/staff');
    await page.getByTestId('report-status').waitFor();
    const caseNo = `E2E-${Date.now()}`;
    const header = '案件编号,网格编号,纠纷类型,案件来源,风险等级,群体性,涉及人数,发现日期,受理日期,简要案情,申请人,申请人电话,被申请人';
    const csv = [
      header,
      `${caseNo}-1,g01,邻里,主动调解,一般,否,2,${year}-03-01,${year}-03-02,楼上漏水引发纠纷,张三丰,13812345678,李四`,
      `${caseNo}-2,g01,邻里,主动调解,一般,否,2,${year}-03-01,${year}-13-02,受理日期有误,张三丰,13812345678,李四`,
    ].join('\r\n');
    await page.getByTestId('ledger-import').locator('input[type=file]').setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`) });
    await page.getByTestId('ledger-import').getByRole('button', { name: '导入' }).click();
    await expect(page.getByTestId('ledger-import-summary').textContent()).resolves.toBe('新增 1 · 补全 0 · 已存在 0 · 有误 1');
    // The new case reloads the figures; the import's result must survive that.
    await page.waitForTimeout(1000);
    await expect(page.getByTestId('ledger-import-summary').textContent()).resolves.toBe('新增 1 · 补全 0 · 已存在 0 · 有误 1');
    await expect(page.locator('.staff-import-errors tbody td').nth(2).textContent()).resolves.toBe('受理日期');
    await screenshot(page, 'staff-ledger-import-1280');
    await context.close();
  });

  it('after sign-off, a late case shows as a headline adjustment and is marked in the case list', async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await signIn(page, 'street');
    await page.goto('/staff');
    await page.getByLabel('年度').selectOption(String(year));
    await page.getByTestId('report-status').waitFor();
    await page.getByRole('button', { name: /^(签发锁定|重新签发（含调整）)$/ }).click();
    // The app's own dialog says what signing locks (no browser confirm).
    const signDialog = page.getByRole('dialog', { name: /^(签发锁定|重新签发（含调整）)$/ });
    await expect(signDialog.getByTestId('sign-locks').textContent()).resolves.toContain('签发将锁定');
    await signDialog.getByRole('button', { name: /^(签发锁定|重新签发（含调整）)$/ }).click();
    await page.getByTestId('adjustment-panel').waitFor();
    const signed = Number(await page.locator('[data-figure="accepted"] strong').textContent());

    // A case accepted in the signed year arrives afterwards (here through the ledger import, which writes as a sync does).
    const caseNo = `E2E-LATE-${Date.now()}`;
    const header = '案件编号,网格编号,纠纷类型,案件来源,风险等级,群体性,涉及人数,发现日期,受理日期,简要案情,申请人,申请人电话,被申请人';
    const csv = [header, `${caseNo},g01,邻里,主动调解,一般,否,2,${year}-11-01,${year}-11-02,签发后补录的纠纷,张三丰,13812345678,李四`].join('\r\n');
    await page.getByTestId('ledger-import').locator('input[type=file]').setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`) });
    await page.getByTestId('ledger-import').getByRole('button', { name: '导入' }).click();
    await page.getByTestId('adjustments').waitFor();

    // Headline figures, signed → now; no numerator/denominator rows; the late case counted.
    const first = await page.getByTestId('adjustments').locator('tbody tr').first().locator('td').allTextContents();
    expect(first).toEqual(['受理', String(signed), String(signed + 1), '+1']);
    await expect(page.getByTestId('adjustment-panel').textContent()).resolves.not.toMatch(/分子|分母/);
    await expect(page.getByTestId('late-cases').textContent()).resolves.toContain('签发后同步（新增、修改或删除）的案件：1');
    await page.getByTestId('adjustment-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'staff-adjustments-1280');

    // The list of late cases, and the figure's list with the late case marked.
    await page.getByRole('button', { name: '查看这些案件' }).click();
    const dialog = page.getByRole('dialog', { name: '案件清单' });
    await dialog.waitFor();
    await expect(dialog.locator('tbody tr').allTextContents()).resolves.toEqual([expect.stringContaining(`${caseNo}签发后同步`)]);
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByTestId('adjustments').getByRole('button', { name: '受理' }).click();
    await dialog.waitFor();
    await expect(dialog.locator('tr[data-late]').count()).resolves.toBe(1);
    await expect(dialog.getByTestId('drill-late').textContent()).resolves.toContain('1 件在签发后同步、修改或删除');
    await screenshot(page, 'staff-late-case-list-1280');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
