import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, passLock, screenshot, signIn, waitUntilSynced } from './browser.ts';

/**
 * Issue 14: minimum disclosure and remote wipe as people meet them. Street staff at a desk see a party's ID number
 * masked, reveal it with a reason for this view only, and find the reveal in the audit trail; an administrator
 * revokes a grid worker's phone, which on its next sync says why and erases every local database; signing in again
 * brings the synced case back, and the audit trail shows the revocation.
 */
const baseUrl = inject('baseUrl');
const run = Date.now().toString(36);
// 110101199003074477: a made-up resident ID with a valid check digit (as in the server's disclosure tests).
const ID = '110101199003074477';
const ID_MASKED = '110101********4477';
const PHONE = '13912345678';
const reason = `核实身份${run}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs in through the API (as a phone would) and opens a case in that worker's grid, with an ID number and a phone. */
async function openCaseAs(username: string, gridId: string, id: string, facts: string): Promise<void> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'tiaojie-demo', deviceId: `${username}-e2e-setup`, deviceName: 'e2e set-up' }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const today = new Date().toISOString().slice(0, 10);
  const res = await fetch(`${baseUrl}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      case: {
        id,
        gridId,
        type: 'neighbour',
        source: 'proactive',
        risk: 'general',
        facts,
        reportedOn: today,
        acceptedOn: today,
        parties: {
          p1: { id: 'p1', role: 'applicant', kind: 'person', sex: 'male', age: 36, personal: { name: `赵立新${run}`, idType: 'resident_id', idNumber: ID, phone: PHONE } },
        },
      },
    }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const desk = (b: Browser) => b.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

/** The names of this origin's IndexedDB databases that belong to the app. */
const appDatabases = (page: Page) => page.evaluate(async () => ((await indexedDB.databases()).map((d) => d.name ?? '')).filter((n) => n.startsWith('tiaojie-')));

describe('personal data: reveal, audit and remote wipe', () => {
  it('street staff see the ID number masked, reveal it with a reason for this view only, and the audit trail lists it', async () => {
    const caseId = `pd-${run}-1`;
    const facts = `邻里噪音纠纷${run}`;
    await openCaseAs('grid01', 'g01', caseId, facts);

    const context = await desk(browser);
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, 'street');
    await waitUntilSynced(page);
    await page.goto(`/cases/${caseId}`);
    await passLock(page);
    await page.getByText(facts).first().waitFor({ timeout: 60_000 });
    const party = page.getByTestId('party-row').first();
    await party.getByText(ID_MASKED).waitFor();
    expect(await page.locator('body').innerText()).not.toContain(ID);

    await page.getByTestId('reveal-party').click();
    const dialog = page.getByRole('dialog', { name: '查看完整证件号码和电话' });
    await dialog.getByLabel('查看原因').fill(reason);
    await dialog.getByRole('button', { name: '查看' }).click();
    await party.getByText(ID).waitFor();
    await page.getByText('仅本次显示，离开页面即隐藏').waitFor();
    await screenshot(page, 'personal-data-revealed-1280');

    // Leaving the page forgets the value: back on the case, it is masked again.
    await page.getByRole('link', { name: '首页' }).first().click();
    await page.goto(`/cases/${caseId}`);
    await passLock(page);
    await party.getByText(ID_MASKED).waitFor();
    expect(await page.locator('body').innerText()).not.toContain(ID);

    await page.goto('/staff/audit');

    await passLock(page);
    await page.locator('select[name="action"]').selectOption({ label: '查看完整个人信息' });
    await page.getByRole('button', { name: '查询' }).click();
    const row = page.locator('tr', { hasText: reason });
    await row.waitFor();
    expect(await row.innerText()).toContain('查看完整个人信息');
    expect(await row.innerText()).toContain(`原因：${reason}`);
    expect(await row.innerText()).toContain('字段：证件号码、电话');
    await row.getByRole('link', { name: caseId }).waitFor();
    await screenshot(page, 'personal-data-audit-1280');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('an administrator revokes a grid worker’s phone: on its next sync it says why and its local databases are gone', async () => {
    const caseId = `pd-${run}-2`;
    const facts = `宅基地边界纠纷${run}`;
    await openCaseAs('grid02', 'g02', caseId, facts);

    // The phone: 360×740, an Android model in its user agent (the device name the administrator sees).
    const phone = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 360, height: 740 },
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      userAgent: `Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version().split('.')[0]}.0.0.0 Mobile Safari/537.36`,
    });
    phone.setDefaultTimeout(30_000);
    const page = await phone.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, 'grid02');
    await waitUntilSynced(page);
    await page.goto(`/cases/${caseId}`);
    await passLock(page);
    await page.getByText(facts).first().waitFor({ timeout: 60_000 });
    expect(await appDatabases(page)).not.toEqual([]);

    // The administrator, at a desk: accounts & devices, grid02's devices, revoke the phone after confirming.
    const admin = await desk(browser);
    admin.setDefaultTimeout(30_000);
    const desktop = await admin.newPage();
    await signIn(desktop, 'admin');
    await desktop.goto('/staff');
    await passLock(desktop);
    await desktop.getByRole('link', { name: '账号与设备' }).click();
    // An administrator cannot disable their own account (the server refuses too).
    await desktop.locator('tr[data-username="admin"]').getByRole('button', { name: '设备' }).waitFor();
    expect(await desktop.locator('tr[data-username="admin"]').getByRole('button', { name: '停用' }).count()).toBe(0);
    const account = desktop.locator('tr[data-username="grid02"]');
    await account.waitFor();
    expect(await account.innerText()).toContain('正常');
    await screenshot(desktop, 'accounts-1280');
    await account.getByRole('button', { name: '设备' }).click();
    const devices = desktop.getByRole('dialog', { name: '网格员02的登录设备' });
    const device = devices.locator('li', { hasText: 'Redmi Note 12' });
    await device.waitFor();
    await screenshot(desktop, 'accounts-devices-1280');
    await device.getByRole('button', { name: '撤销' }).click();
    const confirm = desktop.getByRole('dialog', { name: '撤销设备登录' });
    expect(await confirm.innerText()).toContain('Redmi Note 12');
    await screenshot(desktop, 'accounts-revoke-confirm-1280');
    await confirm.getByRole('button', { name: '撤销' }).click();
    await devices.waitFor();
    await devices.locator('li', { hasText: 'Redmi Note 12' }).waitFor({ state: 'detached' });

    // The phone's next sync: it is told, shows why, and keeps nothing.
    await page.getByRole('button', { name: '立即同步' }).click();
    await page.getByText('本设备的登录已被撤销').waitFor({ timeout: 60_000 });
    await page.waitForFunction(async () => (await indexedDB.databases()).every((d) => !d.name?.startsWith('tiaojie-')), null, { timeout: 30_000 });
    expect(await appDatabases(page)).toEqual([]);
    await screenshot(page, 'personal-data-revoked-360');

    // Signing in again brings the synced case back from the server.
    await page.getByLabel('用户名').fill('grid02');
    await page.getByLabel('密码').fill('tiaojie-demo');
    await page.getByRole('button', { name: '登录' }).click();
    // A new password sign-in on the phone: the worker sets a PIN again (the recovery key came with the answer).
    await passLock(page);
    // (The app stays on the address it was on: the case page, now filled again from the server.)
    await page.getByTestId('sync-bar').waitFor();
    await waitUntilSynced(page);
    await page.goto(`/cases/${caseId}`);
    await passLock(page);
    await page.getByText(facts).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'personal-data-signed-in-again-360');

    // The audit trail shows the revocation, by the administrator.
    await desktop.goto('/staff/audit');
    await passLock(desktop);
    await desktop.locator('select[name="action"]').selectOption({ label: '撤销设备登录' });
    await desktop.getByRole('button', { name: '查询' }).click();
    const row = desktop.locator('tr', { hasText: '账号：grid02' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('设备：Redmi Note 12');
    expect(await row.innerText()).toContain('由管理员操作：是');
    expect(await row.innerText()).toContain('admin');
    await screenshot(desktop, 'personal-data-audit-revoked-1280');
    // The accounts screen on a phone-sized window too (an administrator away from the desk).
    await desktop.setViewportSize({ width: 360, height: 740 });
    await desktop.goto('/staff/accounts');
    await passLock(desktop);
    await desktop.locator('tr[data-username="grid02"]').waitFor();
    await screenshot(desktop, 'accounts-360');
    expect(pageErrors).toEqual([]);
    await admin.close();
    await phone.close();
  });
});
