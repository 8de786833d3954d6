import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const artefactsDir = fileURLToPath(new URL('../../../test-artefacts/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  mkdirSync(artefactsDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A phone: 360×740, touch, Chinese. */
export function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 360, height: 740 }, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

export async function signIn(page: Page, username: string, password = 'tiaojie-demo'): Promise<void> {
  await page.goto('/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('您好').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${artefactsDir}${name}.png`, fullPage: false });
}

/** Waits until the sync bar says nothing is waiting on this phone. */
export async function waitUntilSynced(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="unsent-count"]')?.getAttribute('data-count') === '0', null, { timeout: timeoutMs });
}
