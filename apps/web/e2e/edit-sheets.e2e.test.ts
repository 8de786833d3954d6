import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPhone, screenshot, signIn, smallTapTargets, unlabelledFields } from './browser.ts';

/**
 * Correcting saved records on a 360 px phone: the case edit sheet, a party's sheet and a work-log entry's sheet
 * open prefilled, every control in them is a thumb-sized target, and a saved change shows at once.
 */
const baseUrl = inject('baseUrl');
const run = Date.now().toString(36);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('edit sheets', () => {
  it('edits a case, a party and a log entry with thumb-sized controls', async () => {
    const { phone, page, pageErrors } = await openPhone(browser, baseUrl);
    await signIn(page, 'grid01');

    await page.getByRole('link', { name: /登记纠纷/ }).click();
    await page.getByLabel('纠纷类型').selectOption({ label: '邻里' });
    await page.getByLabel('案件来源').selectOption({ label: '当事人申请' });
    await page.getByRole('radio', { name: '蓝色' }).check();
    await page.getByLabel('简要案情').fill('楼上漏水');
    await page.getByLabel('姓名').nth(0).fill(`周敏${run}`);
    await page.getByRole('button', { name: '保存案件' }).click();
    await page.getByRole('heading', { level: 1, name: '邻里' }).waitFor();
    expect(await smallTapTargets(page)).toEqual([]);

    await page.getByRole('button', { name: '编辑案件' }).click();
    const caseSheet = page.getByRole('dialog', { name: '编辑案件' });
    await caseSheet.getByLabel('群体性纠纷').check();
    await caseSheet.getByLabel('涉及人数').fill('3');
    await caseSheet.getByRole('button', { name: '保存修改' }).click();
    await caseSheet.getByText('群体性纠纷需填写涉及人数（至少5人）').waitFor();
    await screenshot(page, 'case-edit-sheet-360');
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await unlabelledFields(page)).toEqual([]);
    await caseSheet.getByLabel('涉及人数').fill('8');
    await caseSheet.getByLabel('简要案情').fill('楼上漏水，水管已修好');
    await caseSheet.getByRole('button', { name: '保存修改' }).click();
    await caseSheet.waitFor({ state: 'detached' });
    await page.getByText('群体性，涉及 8 人').waitFor();

    await page.getByRole('button', { name: `编辑申请人周敏${run}` }).click();
    const partySheet = page.getByRole('dialog', { name: '修改当事人' });
    await partySheet.getByLabel('联系电话').fill('13900139000');
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await unlabelledFields(page)).toEqual([]);
    await partySheet.getByRole('button', { name: '保存' }).click();
    await partySheet.waitFor({ state: 'detached' });
    await page.getByText('13900139000').waitFor();
    await screenshot(page, 'case-detail-edited-360');
    expect(await smallTapTargets(page)).toEqual([]);

    await page.getByRole('link', { name: '台账' }).click();
    await page.getByRole('button', { name: /记一笔/ }).click();
    // Saved empty: the first missing field (类别, chosen by nobody yet) takes focus and says why at itself.
    await page.getByRole('button', { name: '保存' }).click();
    const kindSelect = page.getByRole('dialog').getByLabel('类别');
    await kindSelect.and(page.locator(':focus')).waitFor();
    expect(await kindSelect.getAttribute('aria-invalid')).toBe('true');
    await kindSelect.selectOption('screening');
    await page.getByLabel('事项').fill(`排查${run}`);
    // Four 人数 inputs in a row, each read out with its outcome's name.
    await page.getByRole('spinbutton', { name: '防止群体性上访件数' }).fill('1');
    await page.getByRole('spinbutton', { name: '防止群体性上访人数' }).fill('30');
    await page.getByTestId('round-prevention').scrollIntoViewIfNeeded();
    await screenshot(page, 'log-round-prevention-360');
    expect(await unlabelledFields(page)).toEqual([]);
    await page.getByRole('button', { name: '保存' }).click();
    expect(await page.getByRole('button', { name: new RegExp(`排查${run}`) }).getByTestId('log-prevention').textContent()).toBe('防止群体性上访1件30人');
    await page.getByRole('button', { name: new RegExp(`排查${run}`) }).click();
    const logSheet = page.getByRole('dialog', { name: '修改记录' });
    await logSheet.getByLabel('事项').fill(`入户排查${run}`);
    await screenshot(page, 'log-edit-sheet-360');
    expect(await smallTapTargets(page)).toEqual([]);
    expect(await unlabelledFields(page)).toEqual([]);
    await logSheet.getByRole('button', { name: '保存' }).click();
    await page.getByRole('button', { name: new RegExp(`入户排查${run}`) }).click();
    page.once('dialog', (d) => void d.accept());
    await logSheet.getByRole('button', { name: '删除这条记录' }).click();
    await logSheet.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: new RegExp(`入户排查${run}`) }).waitFor({ state: 'detached' });

    expect(pageErrors).toEqual([]);
    await phone.close();
  });
});
