import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPhone, passLock, reloadAndUnlock, screenshot, signIn, smallTapTargets, unlabelledFields, waitUntilSynced } from './browser.ts';

/**
 * The "done means": first visit online, sign in as grid01, go offline, reload, record three cases
 * (one with a photo), a mediation session and an outcome, reload, all still there, go online, they sync, and
 * the sub-district account sees them in a second browser.
 */
const baseUrl = inject('baseUrl');
const photo = readFileSync(fileURLToPath(new URL('../public/icons/icon-512.png', import.meta.url)));
const run = Date.now().toString(36);
const cases = [
  { applicant: `王建国${run}`, respondent: `刘芳${run}`, type: '邻里', facts: '楼上装修噪音扰民，双方多次争吵' },
  { applicant: `陈秀英${run}`, respondent: `某物业公司${run}`, type: '物业', facts: '物业费争议，业主拒缴' },
  { applicant: `赵强${run}`, respondent: `孙丽${run}`, type: '婚姻家庭', facts: '夫妻因子女抚养问题发生争执' },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function createCase(page: Page, c: (typeof cases)[number]) {
  await page.getByRole('link', { name: /登记纠纷/ }).click();
  await page.getByLabel('纠纷类型').selectOption({ label: c.type });
  await page.getByLabel('案件来源').selectOption({ label: '当事人申请' });
  await page.getByRole('radio', { name: '蓝色' }).check();
  await page.getByLabel('简要案情').fill(c.facts);
  await page.getByLabel('姓名').nth(0).fill(c.applicant);
  await page.getByLabel('姓名').nth(1).fill(c.respondent);
  await page.getByRole('button', { name: '保存案件' }).click();
  try {
    await page.getByRole('heading', { level: 1, name: c.type }).waitFor();
  } catch (e) {
    await screenshot(page, 'failure-create-case');
    throw e;
  }
}

describe('field app', () => {
  it('works offline and syncs to the sub-district', async () => {
    const { phone, page, pageErrors } = await openPhone(browser, baseUrl);

    // First visit online: sign in, let the service worker precache the shell.
    await signIn(page, 'grid01');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    // Offline from here on; the app must still load.
    await phone.setOffline(true);
    await reloadAndUnlock(page);
    await page.getByText('网格员01，您好').waitFor();
    await expect(page.getByTestId('sync-bar').textContent()).resolves.toContain('离线');
    await screenshot(page, 'home-offline-360');
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await unlabelledFields(page)).toEqual([]);

    // Case 1, with a photo, a mediation session and a successful outcome.
    await page.getByRole('link', { name: /登记纠纷/ }).click();
    await page.getByLabel('纠纷类型').selectOption({ label: cases[0]!.type });
    await page.getByLabel('案件来源').selectOption({ label: '当事人申请' });
    await page.getByRole('radio', { name: '蓝色' }).check();
    await page.getByLabel('简要案情').fill(cases[0]!.facts);
    await page.getByLabel('姓名').nth(0).fill(cases[0]!.applicant);
    await page.getByLabel('联系电话').nth(0).fill('12345');
    await page.getByRole('button', { name: '保存案件' }).click();
    // Errors are shown in Chinese next to the field, and nothing is saved.
    await page.getByText('电话应为11位手机号（13–19开头）、带区号的固定电话（如010-84721234）或带国家代码的国际号码（如+44…）').waitFor();
    await screenshot(page, 'case-form-360');
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await unlabelledFields(page)).toEqual([]);
    await page.getByLabel('联系电话').nth(0).fill('13800138000');
    await page.getByLabel('姓名').nth(1).fill(cases[0]!.respondent);
    await page.getByRole('button', { name: '保存案件' }).click();
    await page.getByRole('heading', { level: 1, name: cases[0]!.type }).waitFor();
    const firstCaseUrl = page.url();

    await page.getByTestId('photo-input').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: photo });
    await page.locator('.photos img').first().waitFor();

    await page.getByRole('button', { name: '添加调解记录' }).click();
    await page.getByLabel('调解情况').fill('双方到场，约定晚上十点后停止施工');
    await page.getByLabel('调解组织').selectOption('grid_worker');
    await page.getByRole('button', { name: '保存调解记录' }).click();
    await page.getByText('双方到场，约定晚上十点后停止施工').first().waitFor();

    await page.getByRole('button', { name: '登记结果' }).click();
    await page.getByRole('radio', { name: '调解成功' }).check();
    await page.getByRole('radio', { name: '口头协议' }).check();
    await page.getByLabel('口头协议内容').fill('施工方每晚十点前停工，赔偿楼下200元');
    await page.getByLabel('协议涉及金额（元）').fill('200');
    await page.getByLabel('调解组织').selectOption('grid_worker');
    // 司法确认 and 履行情况 are counted in the statistics tables: chosen, never pre-chosen.
    await page.getByLabel('司法确认').selectOption('none');
    await page.getByLabel('履行情况').selectOption('pending');
    await page.getByRole('button', { name: '保存结果' }).click();
    await page.getByText('已办结').first().waitFor();
    await screenshot(page, 'case-detail-360');
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await unlabelledFields(page)).toEqual([]);

    // Cases 2 and 3.
    await page.goto('/');
    await passLock(page);
    await createCase(page, cases[1]!);
    await page.goto('/');
    await passLock(page);
    await createCase(page, cases[2]!);

    // Reload offline: everything is still there.
    await page.goto('/cases');
    await passLock(page);
    await reloadAndUnlock(page);
    await page.getByLabel('状态').selectOption({ label: '全部' });
    for (const c of cases) await page.getByText(c.applicant, { exact: false }).first().waitFor();
    await page.goto(firstCaseUrl);
    await passLock(page);
    await page.getByText('双方到场，约定晚上十点后停止施工').first().waitFor();
    await page.getByText('调解成功').first().waitFor();
    await page.locator('.photos img').first().waitFor();
    const unsent = Number(await page.getByTestId('unsent-count').getAttribute('data-count'));
    expect(unsent).toBeGreaterThan(0);

    // The list marks the three new cases as not synced (the demo's cases came from the server).
    await page.goto('/cases');
    await passLock(page);
    await page.getByLabel('状态').selectOption({ label: '全部' });
    const unsyncedBadges = page.locator('.badge', { hasText: '未同步' });
    await expect.poll(() => unsyncedBadges.count(), { timeout: 20_000 }).toBe(3);

    // Online again: the outbox drains, and the open list drops the marks as the answers come in (no reload).
    await phone.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.getByRole('button', { name: '立即同步' }).click().catch(() => undefined);
    await waitUntilSynced(page, 90_000);
    await expect.poll(() => unsyncedBadges.count(), { timeout: 20_000 }).toBe(0);
    await page.goto('/');
    await passLock(page);
    await page.getByText('网格员01，您好').waitFor();
    await waitUntilSynced(page);
    await screenshot(page, 'home-synced-360');

    // The sub-district sees the three cases on another device.
    const desk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    desk.setDefaultTimeout(20_000);
    const staff = await desk.newPage();
    await signIn(staff, 'street');
    await staff.goto('/cases');
    await staff.getByLabel('状态').selectOption({ label: '全部' });
    for (const c of cases) {
      await staff.getByLabel('案号或当事人姓名').fill(c.applicant);
      await staff.getByText(c.applicant, { exact: false }).first().waitFor({ timeout: 60_000 });
    }
    await staff.getByLabel('案号或当事人姓名').fill(cases[0]!.applicant);
    await staff.getByText(cases[0]!.applicant, { exact: false }).first().click();
    await staff.getByText('调解成功').first().waitFor();
    await staff.getByText('双方到场，约定晚上十点后停止施工').first().waitFor();
    await staff.getByRole('img', { name: '现场照片' }).first().waitFor();
    await screenshot(staff, 'street-case-detail-desktop');

    expect(pageErrors).toEqual([]);
    await desk.close();
    await phone.close();
  });
});
