import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { E2E_PIN, enterPin, launchChromium, passLock, phoneContext, screenshot, signIn } from './browser.ts';

/**
 * A sub-district onboards a grid worker without curl: the administrator creates the account at a desk, the worker
 * signs in on a phone with the initial password and must replace it first; later the administrator resets it.
 */
const baseUrl = inject('baseUrl');
const run = Date.now().toString(36);
const username = `newgrid${run}`;
const initial = 'copper-lantern-42';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('accounts: an administrator creates a grid worker and resets a password', () => {
  it('creates the account from the accounts screen; the worker signs in, replaces the initial password, and a reset makes them replace it again', async () => {
    const desk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    desk.setDefaultTimeout(30_000);
    const admin = await desk.newPage();
    const pageErrors: string[] = [];
    admin.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(admin, 'admin');
    await admin.goto('/staff/accounts');
    await passLock(admin);
    await admin.locator('tr[data-username="grid02"]').waitFor();
    await admin.getByRole('button', { name: '新建账号' }).click();
    const dialog = admin.getByRole('dialog', { name: '新建账号' });
    await dialog.getByLabel(/^账号/).fill(username);
    await dialog.getByLabel(/^姓名/).fill('新网格员');
    await dialog.getByLabel(/^角色/).selectOption({ label: '网格员' });
    // Only grids are offered to a grid worker.
    const units = await dialog.getByLabel(/^所属单位/).locator('option').allInnerTexts();
    expect(units.length).toBeGreaterThan(5);
    expect(units.slice(1).filter((u) => !u.endsWith('网格'))).toEqual([]);
    await dialog.getByLabel(/^所属单位/).selectOption({ index: 3 });
    await dialog.getByLabel(/^初始密码/).fill(initial);
    await screenshot(admin, 'accounts-create-1280');
    await dialog.getByRole('button', { name: '新建账号' }).click();
    const row = admin.locator(`tr[data-username="${username}"]`);
    await row.getByText('须改密码').waitFor();
    await admin.getByText(`已创建账号“${username}”`).waitFor();
    await screenshot(admin, 'accounts-created-1280');

    // The worker's phone: the initial password only opens the change of it.
    const phone = await phoneContext(browser, baseUrl);
    phone.setDefaultTimeout(30_000);
    const page = await phone.newPage();
    await page.goto('/');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(initial);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('请先设置新密码').waitFor();
    await page.getByLabel(/^新密码/).fill('violet-harbour-2031');
    await page.getByLabel(/再次输入新密码/).fill('violet-harbour-2031');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByRole('heading', { name: '设置PIN码' }).waitFor();
    await enterPin(page, E2E_PIN);
    await page.getByRole('heading', { name: '请再输入一次' }).waitFor();
    await enterPin(page, E2E_PIN);
    await page.getByText('您好').waitFor();
    await screenshot(page, 'accounts-new-worker-signed-in-360');

    // Back at the desk: the account no longer has to change its password; a reset makes it again.
    await admin.reload();
    await passLock(admin);
    await row.waitFor();
    expect(await row.innerText()).not.toContain('须改密码');
    await row.getByRole('button', { name: '重设密码' }).click();
    const reset = admin.getByRole('dialog', { name: '重设新网格员的密码' });
    await reset.getByLabel(/^新密码/).fill('short');
    await reset.getByRole('button', { name: '重设密码' }).click();
    await reset.getByText('密码至少 10 位').waitFor();
    await reset.getByLabel(/^新密码/).fill('amber-meadow-77');
    await screenshot(admin, 'accounts-reset-1280');
    await reset.getByRole('button', { name: '重设密码' }).click();
    await admin.getByText('已重设“新网格员”的密码').waitFor();
    await row.getByText('须改密码').waitFor();
    // An administrator away from the desk: the same form as a bottom sheet.
    await admin.setViewportSize({ width: 360, height: 740 });
    await admin.getByRole('button', { name: '新建账号' }).click();
    await dialog.getByLabel(/^角色/).selectOption({ label: '系统管理员' });
    await screenshot(admin, 'accounts-create-360');
    expect(pageErrors).toEqual([]);
    await desk.close();
    await phone.close();
  });
});
