import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, offlinePhone, passLock, screenshot, signIn, waitUntilSynced } from './browser.ts';

/**
 * Issue 17: a grid worker files a nil report offline, another records a red case offline; the sub-district's warning
 * board (1280×800) shows it; the phone's clock passes the red case's one-hour limit and the case escalates itself,
 * which the board (refreshing by itself) then lists as an automatic escalation.
 */
const baseUrl = inject('baseUrl');
const run = Date.now().toString(36);
const facts = `宅基地边界争执${run}，一方扬言轻生`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('risk grading and early warning', () => {
  it('nil report and red case offline; board shows them; the limit passes and the case escalates itself', async () => {
    // Grid 06 had no dispute this month: one tap, offline.
    const nilPhone = await offlinePhone(browser, baseUrl, 'grid06');
    const card = nilPhone.page.getByTestId('nil-report');
    await card.getByRole('button', { name: '一键零上报' }).click();
    // A few seconds to take it back (撤销) before it is written; then it is filed with no second tap.
    await card.getByRole('button', { name: '撤销' }).waitFor();
    await card.getByText('已零上报').waitFor();
    await screenshot(nilPhone.page, 'nil-report-360');
    await nilPhone.phone.setOffline(false);
    await waitUntilSynced(nilPhone.page);

    // Grid 05: a red case, offline, on a phone whose clock the test controls.
    const { phone, page, pageErrors } = await offlinePhone(browser, baseUrl, 'grid05');
    await page.clock.install();
    await page.reload();
    await passLock(page);
    await page.getByText('您好').waitFor();
    await page.getByRole('link', { name: /登记纠纷/ }).click();
    await page.getByLabel('纠纷类型').selectOption({ label: '房屋宅基地' });
    await page.getByLabel('案件来源').selectOption({ label: '当事人申请' });
    await page.getByRole('radio', { name: '红色' }).check();
    await page.getByLabel('涉及自杀风险').check();
    await page.getByLabel('简要案情').fill(facts);
    await page.getByLabel('姓名').nth(0).fill(`周大民${run}`);
    await page.getByLabel('姓名').nth(1).fill(`吴小红${run}`);
    await page.getByRole('button', { name: '保存案件' }).click();
    await page.getByTestId('risk-clock').waitFor();
    expect(await page.getByTestId('risk-clock').textContent()).toContain('街道');
    await screenshot(page, 'red-case-360');
    await phone.setOffline(false);
    await waitUntilSynced(page);

    // The sub-district's desktop.
    const desk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    desk.setDefaultTimeout(20_000);
    const board = await desk.newPage();
    await signIn(board, 'street');
    await board.goto('/staff/board');
    const row = board.locator('tr', { hasText: facts.slice(0, 20) });
    await row.waitFor();
    expect(await board.getByTestId('grade-red').textContent()).toMatch(/红色\d+在办案件/);
    expect(await board.getByTestId('nil-g06').textContent()).toContain('已零上报');
    await screenshot(board, 'risk-board-1280');

    // 50 minutes later the phone warns (offline too: nothing here needs the server).
    await phone.setOffline(true);
    await page.goto('/');
    await passLock(page);
    await page.getByText('您好').waitFor();
    await page.clock.fastForward('50:00');
    // Fifty idle minutes lock the phone (its idle lock): the worker unlocks and sees the warning.
    await passLock(page);
    await page.getByTestId('risk-warnings').getByText(/红色风险即将超时/).waitFor();
    await screenshot(page, 'risk-warning-approaching-360');

    // Past the hour nobody acted: the phone escalates the case itself, and says so in its history.
    await page.clock.fastForward('11:00');
    await passLock(page);
    await page.getByTestId('risk-warnings').waitFor({ state: 'detached', timeout: 60_000 });
    await phone.setOffline(false);
    await waitUntilSynced(page);

    // The board refreshes by itself and lists the automatic escalation.
    await board.locator('.board-escalations').getByText('自动上报').waitFor({ timeout: 90_000 });
    expect(await row.textContent()).toContain('自动上报');
    expect(await row.textContent()).toContain('街道（乡镇）');
    await screenshot(board, 'risk-board-escalated-1280');
    // Other suites' cases share this server's board: open this test's case from its own row.
    await row.getByRole('link').first().click();
    await board.getByText('超时自动上报至街道（乡镇）').waitFor();
    await screenshot(board, 'case-escalated-automatically-1280');

    expect(pageErrors).toEqual([]);
    expect(nilPhone.pageErrors).toEqual([]);
    await nilPhone.phone.close();
    await phone.close();
    await desk.close();
  });
});
