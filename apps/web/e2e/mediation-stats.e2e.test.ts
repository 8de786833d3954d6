import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, phoneContext, screenshot, signIn, smallTapTargets } from './browser.ts';

/**
 * The people's-mediation statistics (issue 17 §1): an administrator keeps the committees, a grid worker names one
 * on a case and records a prevention outcome, and the sub-district reads the tables and opens a figure's cases.
 */
const baseUrl = inject('baseUrl');
const run = Date.now().toString(36).slice(-4);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('mediation statistics', () => {
  it('committees, a case naming one with a prevention outcome, and the tables with their cases', async () => {
    const desk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    desk.setDefaultTimeout(20_000);
    const admin = await desk.newPage();
    const errors: string[] = [];
    admin.on('pageerror', (e) => errors.push(e.message));
    await signIn(admin, 'admin');
    await admin.goto('/staff/committees');
    await admin.getByLabel('所属单位').selectOption({ label: '清河街道' });
    await admin.getByLabel('名称').fill(`清河街道人民调解委员会${run}`);
    await admin.getByLabel('类型').selectOption({ label: '街道' });
    await admin.getByRole('button', { name: '保存' }).first().click();
    const committee = admin.locator('section[data-committee]', { hasText: `清河街道人民调解委员会${run}` });
    await committee.waitFor();
    await committee.getByLabel('新增调解员').fill('李调解');
    await committee.getByLabel('专职/兼职').selectOption({ label: '专职' });
    await committee.getByRole('button', { name: '保存' }).click();
    await committee.getByText('专职1人，兼职0人').waitFor();
    await screenshot(admin, 'committees-1280');

    const phone = await phoneContext(browser, baseUrl);
    phone.setDefaultTimeout(20_000);
    const page = await phone.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'grid01');
    await page.getByRole('link', { name: /登记纠纷/ }).click();
    await page.getByLabel('纠纷类型').selectOption({ label: '邻里' });
    await page.getByLabel('案件来源').selectOption({ label: '当事人申请' });
    await page.getByRole('radio', { name: '蓝色' }).check();
    await page.getByLabel('简要案情').fill('楼上漏水，一方扬言轻生');
    await page.getByLabel('姓名').nth(0).fill(`周敏${run}`);
    await page.getByRole('button', { name: '保存案件' }).click();
    await page.getByRole('heading', { level: 1, name: '邻里' }).waitFor();
    await page.getByRole('button', { name: '编辑案件' }).click();
    const sheet = page.getByRole('dialog', { name: '编辑案件' });
    await sheet.getByLabel('调解委员会').selectOption({ label: `清河街道人民调解委员会${run}` });
    await sheet.getByLabel('预防纠纷').check();
    await sheet.getByLabel(/防止民间纠纷引起自杀/).fill('1');
    await sheet.getByTestId('prevention-fields').scrollIntoViewIfNeeded();
    await screenshot(page, 'case-committee-prevention-360');
    expect(await smallTapTargets(page)).toEqual([]);
    await sheet.getByRole('button', { name: '保存修改' }).click();
    await sheet.waitFor({ state: 'detached' });

    const streetDesk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    streetDesk.setDefaultTimeout(20_000);
    const street = await streetDesk.newPage();
    street.on('pageerror', (e) => errors.push(e.message));
    await signIn(street, 'street');
    // The phone's case reaches the server on its next sync; the tables are read until it counts.
    const year = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4);
    await street.goto('/staff/stats');
    await street.getByLabel('统计期间').selectOption({ label: '全年' });
    await street.locator('select[name="year"]').selectOption(year);
    await street.getByTestId('stats-period').waitFor();
    const preventionTotal = street.locator('section[data-table="prevention"] tr.staff-stats__total');
    await expect.poll(async () => {
      await street.locator('select[name="kind"]').selectOption('quarter');
      await street.locator('select[name="kind"]').selectOption('year');
      await street.getByTestId('stats-period').waitFor();
      return preventionTotal.locator('td').nth(2).textContent();
    }, { timeout: 60_000 }).not.toBe('0');
    await screenshot(street, 'mediation-stats-1280');
    await street.locator('section[data-table="types"] tr.staff-stats__total button').first().click();
    await street.getByRole('dialog', { name: '构成此数的案件' }).waitFor();
    await screenshot(street, 'mediation-stats-drill-1280');
    await street.getByRole('dialog', { name: '构成此数的案件' }).getByRole('button', { name: '关闭' }).click();

    // Every table carries the nil-report footnote; signing off says what it locks and freezes the tables.
    expect(await street.getByTestId('stats-footnote').first().textContent()).toMatch(/^本期\d+个网格零上报，\d+个网格未上报$/);
    expect(await street.getByTestId('stats-status').textContent()).toBe('草稿（未签发）');
    await street.getByLabel('负责人').fill('张主任');
    await street.getByRole('button', { name: '签发锁定' }).click();
    const confirm = street.getByRole('dialog', { name: '签发锁定' });
    expect(await confirm.getByTestId('sign-locks').textContent()).toContain('零上报注释');
    await confirm.getByRole('button', { name: '签发锁定' }).click();
    await street.getByTestId('stats-status').getByText(/已签发 · 版本 1 · .* · 负责人：张主任/).waitFor();
    await street.getByRole('button', { name: '重新签发（含调整）' }).waitFor();
    await screenshot(street, 'mediation-stats-signed-1280');

    // A case synced after the sign-off leaves the signed tables as they were and is listed under the adjustments.
    await page.getByRole('link', { name: '首页' }).first().click();
    await page.getByRole('link', { name: /登记纠纷/ }).click();
    await page.getByLabel('纠纷类型').selectOption({ label: '邻里' });
    await page.getByLabel('案件来源').selectOption({ label: '当事人申请' });
    await page.getByRole('radio', { name: '蓝色' }).check();
    await page.getByLabel('简要案情').fill('签发后登记的纠纷');
    await page.getByLabel('姓名').nth(0).fill(`吴静${run}`);
    await page.getByRole('button', { name: '保存案件' }).click();
    await page.getByRole('heading', { level: 1, name: '邻里' }).waitFor();
    await expect.poll(async () => {
      await street.locator('select[name="kind"]').selectOption('quarter');
      await street.locator('select[name="kind"]').selectOption('year');
      await street.getByTestId('stats-status').waitFor();
      return street.getByTestId('late-cases').count();
    }, { timeout: 60_000 }).toBe(1);
    await street.getByTestId('late-cases').getByRole('button', { name: '查看这些案件' }).click();
    const late = street.getByRole('dialog', { name: '构成此数的案件' });
    await late.locator('tr[data-late="created"]').first().waitFor();
    await screenshot(street, 'mediation-stats-late-1280');
    expect(errors).toEqual([]);
  });
});
