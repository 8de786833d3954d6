import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, offlinePhone, screenshot, signIn, waitUntilSynced } from './browser.ts';

/**
 * Issue 17 §4: a grid worker registers a 12345 work order offline with its order number; the case page shows the
 * channel and its limits; after sync the sub-district's staff (1280×800) see it in the 12345 list and export it.
 */
const baseUrl = inject('baseUrl');
const run = Date.now().toString(36);
const orderNo = `GD${run}`.toUpperCase();
const facts = `噪音扰民，12345转办${run}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('intake from the 12345 hotline and the answer back', () => {
  it('a 12345 order registered offline appears in the staff list and its export', async () => {
    const { phone, page, pageErrors } = await offlinePhone(browser, baseUrl, 'grid03');
    await page.getByRole('link', { name: /登记纠纷/ }).click();
    await page.getByLabel('纠纷类型').selectOption({ label: '邻里' });
    await page.getByLabel('案件来源').selectOption({ label: '12345热线' });
    await page.getByTestId('intake-fields').waitFor();
    await page.getByRole('radio', { name: '蓝色' }).check();
    await page.getByLabel('简要案情').fill(facts);
    await page.getByLabel('姓名').nth(0).fill(`郑一鸣${run}`);
    // Saving without the order number names the field.
    await page.getByRole('button', { name: '保存案件' }).click();
    await page.getByTestId('intake-fields').getByText('必填').waitFor();
    await page.getByLabel('工单编号').fill(orderNo);
    await screenshot(page, 'intake-form-360');
    await page.getByRole('button', { name: '保存案件' }).click();
    await page.getByTestId('intake-channel').waitFor();
    expect(await page.getByTestId('intake-channel').textContent()).toContain(orderNo);
    expect(await page.getByTestId('intake-clock-contact').textContent()).toMatch(/剩2[34]小时/);
    expect(await page.getByTestId('intake-clock-conclude').textContent()).toMatch(/剩[45]天/);
    await page.getByTestId('intake-channel').scrollIntoViewIfNeeded();
    await screenshot(page, 'intake-case-360');
    await phone.setOffline(false);
    await waitUntilSynced(page);

    const desk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    desk.setDefaultTimeout(20_000);
    const staff = await desk.newPage();
    const staffErrors: string[] = [];
    staff.on('pageerror', (e) => staffErrors.push(e.message));
    await signIn(staff, 'street');
    await staff.goto('/staff');
    await staff.getByTestId('open-intake').click();
    const row = staff.locator('[data-testid="intake-table"] tr', { hasText: orderNo });
    await row.waitFor();
    expect(await row.textContent()).toContain('已受理');
    await screenshot(staff, 'intake-list-1280');
    const [download] = await Promise.all([staff.waitForEvent('download'), staff.getByTestId('intake-export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/12345工单办理情况.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(orderNo);
    expect(csv).not.toContain(`郑一鸣${run}`);

    expect(pageErrors).toEqual([]);
    expect(staffErrors).toEqual([]);
    await phone.close();
    await desk.close();
  });
});
