import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { artefactsDir, launchChromium, offlinePhone, phoneContext, screenshot, signIn, smallTapTargets, unlabelledFields, waitUntilSynced } from './browser.ts';

interface XCell {
  value: unknown;
}
interface XRow {
  values: unknown;
  getCell(i: number): XCell;
  eachCell(cb: (c: XCell) => void): void;
}
interface XSheet {
  eachRow(cb: (r: XRow) => void): void;
  getRow(i: number): XRow;
}
interface XWorkbook {
  getWorksheet(name: string): XSheet | undefined;
  eachSheet(cb: (s: XSheet) => void): void;
  xlsx: { load(data: Buffer): Promise<unknown> };
}
// ExcelJS is the server's; the test reads the download back with the library that wrote it (see staff-report).
const ExcelJS = createRequire(new URL('../../server/package.json', import.meta.url))('exceljs') as { Workbook: new () => XWorkbook };

/**
 * Issue 19: a dispute between a foreign resident (2023 permanent-residence card) and a property company (credit
 * code, contact with a landline), registered offline at 360×740; it syncs, staff see it masked, and the ledger
 * export carries it masked.
 */
const baseUrl = inject('baseUrl');
const run = Date.now().toString(36);
const year = new Date().getFullYear();
// 911156198501010012: the card (born 1985-01-01, male, MOD 11-2 check digit 2).
const cardNumber = '911156198501010012';
// 91110105MA01ABCD13: made up; its check character 3 computed by the GB 32100 mod-31 rule.
const creditCode = '91110105MA01ABCD13';
const foreigner = `John Smith ${run}`;
const company = `清河物业服务有限公司${run}`;
const facts = `物业费争议${run}:外籍业主认为电梯长期停运,拒缴物业费`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('parties as they really come', () => {
  it('registers a foreign resident against a property company offline; synced, masked for staff, in the ledger export', async () => {
    const { phone, page, pageErrors } = await offlinePhone(browser, baseUrl);
    await page.getByText('网格员01，您好').waitFor();

    await page.getByRole('link', { name: /登记纠纷/ }).click();
    await page.getByLabel('纠纷类型').selectOption({ label: '物业' });
    await page.getByLabel('简要案情').fill(facts);
    // Nothing that changes a reported figure is pre-chosen: the worker picks the source and the risk.
    await page.getByLabel('案件来源').selectOption({ label: '当事人申请' });
    await page.getByRole('radio', { name: '蓝色' }).check();

    // The applicant: a foreign resident with the 2023 card, which fills in sex and age; an international phone.
    const applicant = page.locator('fieldset.party').nth(0);
    await applicant.getByLabel('姓名').fill(foreigner);
    await applicant.getByLabel('证件类型').selectOption({ label: '外国人永久居留身份证' });
    await applicant.getByLabel('证件号码').fill(cardNumber);
    await expect(applicant.getByLabel('性别').inputValue()).resolves.toBe('male');
    expect(Number(await applicant.getByLabel('年龄').inputValue())).toBeGreaterThanOrEqual(year - 1986);
    await applicant.getByText('已按证件号码填入性别、年龄').waitFor();
    await applicant.getByLabel('联系电话').fill('+44 20 7946 0958');

    // The respondent: a company with its credit code (first mistyped), a contact person and a landline.
    const respondent = page.locator('fieldset.party').nth(1);
    await respondent.getByLabel('当事人类型').selectOption({ label: '单位（法人或其他组织）' });
    await expect(respondent.getByLabel('性别').count()).resolves.toBe(0);
    await respondent.getByLabel('单位名称').fill(company);
    await respondent.getByLabel('统一社会信用代码').fill(`${creditCode.slice(0, 17)}4`);
    await respondent.getByLabel('联系人', { exact: true }).fill('王经理');
    await respondent.getByLabel('联系人电话').fill('010-84721234');
    await page.getByRole('button', { name: '保存案件' }).click();
    await respondent.getByText('统一社会信用代码校验位不正确，请核对').waitFor();
    await respondent.scrollIntoViewIfNeeded();
    await screenshot(page, 'parties-form-error-360');
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await unlabelledFields(page)).toEqual([]);
    await applicant.scrollIntoViewIfNeeded();
    await screenshot(page, 'parties-form-applicant-360');
    await respondent.getByLabel('统一社会信用代码').fill(creditCode.toLowerCase());
    await page.getByRole('button', { name: '保存案件' }).click();
    await page.getByRole('heading', { level: 1, name: `${foreigner} 与 ${company} 物业纠纷` }).waitFor();

    // On the phone that took the details: the card masked, the organisation with its code and contact.
    const rows = page.getByTestId('party-row');
    await expect(rows.nth(0).textContent()).resolves.toContain('外国人永久居留身份证 911156********0012');
    await expect(rows.nth(0).textContent()).resolves.toContain('+442079460958');
    await expect(rows.nth(1).textContent()).resolves.toBe(`被申请人 ${company} 单位统一社会信用代码 ${creditCode}联系人 王经理 · 010-84721234`);
    expect(await page.content()).not.toContain(cardNumber);
    await rows.nth(1).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'parties-detail-360');
    expect(await smallTapTargets(page)).toEqual([]);

    // Online: it syncs.
    await phone.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.getByRole('button', { name: '立即同步' }).click().catch(() => undefined);
    await waitUntilSynced(page, 90_000);

    // The sub-district's staff account, on its own phone: the case is there, the card number masked.
    const desk = await phoneContext(browser, baseUrl);
    desk.setDefaultTimeout(30_000);
    const staff = await desk.newPage();
    staff.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(staff, 'street');
    await staff.goto('/cases');
    await staff.getByLabel('状态').selectOption({ label: '全部' });
    await staff.getByLabel('案号或当事人姓名').fill(foreigner);
    await staff.getByText(foreigner, { exact: false }).first().waitFor({ timeout: 60_000 });
    await staff.getByText(foreigner, { exact: false }).first().click();
    await staff.getByRole('heading', { level: 1, name: `${foreigner} 与 ${company} 物业纠纷` }).waitFor();
    const staffRows = staff.getByTestId('party-row');
    await expect(staffRows.nth(0).textContent()).resolves.toContain('911156********0012');
    await expect(staffRows.nth(1).textContent()).resolves.toContain(creditCode);
    expect(await staff.content()).not.toContain(cardNumber);
    await staffRows.nth(1).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(staff, 'parties-staff-detail-360');

    // The ledger export: the case is in it, the person's name and both phones masked, no document number.
    const report = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const desktop = await report.newPage();
    await signIn(desktop, 'street');
    await desktop.goto('/staff');
    await desktop.getByLabel('年度').selectOption(String(year));
    await desktop.getByTestId('report-status').waitFor();
    const [download] = await Promise.all([desktop.waitForEvent('download'), desktop.getByRole('button', { name: '下载 Excel' }).click()]);
    const file = `${artefactsDir}parties-ledger-${year}.xlsx`;
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file));
    const ledger = wb.getWorksheet('台账')!;
    // Row values are sparse arrays starting at index 1.
    const cellsOf = (r: XRow) => Array.from(r.values as unknown[], (v) => (v === undefined || v === null ? '' : String(v)));
    const header = cellsOf(ledger.getRow(1));
    let found: Record<string, string> | undefined;
    ledger.eachRow((r) => {
      const values = cellsOf(r);
      if (values.some((v) => v.startsWith(`物业费争议${run}`))) found = Object.fromEntries(header.map((h, i) => [h, values[i] ?? '']));
    });
    expect(found).toMatchObject({
      申请人: `J${'*'.repeat([...foreigner].length - 1)}`,
      申请人电话: '+44******0958',
      被申请人: company,
      被申请人电话: '010-****1234',
    });
    const cells: string[] = [];
    wb.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => cells.push(String(c.value)))));
    expect(cells.filter((c) => c.includes(cardNumber) || c.includes(creditCode) || c.includes('84721234') || c.includes('79460958'))).toEqual([]);

    expect(pageErrors).toEqual([]);
    await report.close();
    await desk.close();
    await phone.close();
  });
});
