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

/**
 * Visible controls on the page smaller than 44×44 CSS px (WCAG 2.5.5 target size). A checkbox or radio counts by
 * its label when it has one (the label is what a thumb hits), and a `::after` that sticks out of its control
 * (the sync button's) counts as part of it.
 */
export async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const MIN = 44;
    const small: string[] = [];
    const controls = Array.from(document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, [role=button]'));
    for (const el of controls) {
      let target: HTMLElement = el;
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio' || el.type === 'file') && el.labels?.[0]) target = el.labels[0];
      const r = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || target.closest('[aria-hidden="true"]')) continue;
      const after = getComputedStyle(target, '::after');
      const grow = (v: string) => (after.position === 'absolute' && v.endsWith('px') ? Math.max(0, -parseFloat(v)) : 0);
      const width = r.width + grow(after.left) + grow(after.right);
      const height = r.height + grow(after.top) + grow(after.bottom);
      if (width < MIN || height < MIN) small.push(`${target.tagName.toLowerCase()} "${(target.textContent ?? '').trim().slice(0, 20) || target.getAttribute('aria-label') || target.getAttribute('name') || ''}" ${Math.round(width)}×${Math.round(height)}`);
    }
    return small;
  });
}

/** Visible form fields without a visible label naming them (a <label> for it, or aria-labelledby visible text). */
export async function unlabelledFields(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const isShown = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden';
    };
    const missing: string[] = [];
    const fields = Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input:not([type=hidden]), select, textarea'));
    for (const el of fields) {
      const label = el.labels?.[0];
      const shownControl = isShown(el) || (label !== undefined && isShown(label));
      if (!shownControl) continue;
      const byLabel = Array.from(el.labels ?? []).some((l) => isShown(l) && (l.textContent ?? '').trim() !== '');
      const byIds = (el.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .some((id) => {
          const ref = document.getElementById(id);
          return ref !== null && isShown(ref) && (ref.textContent ?? '').trim() !== '';
        });
      if (!byLabel && !byIds) missing.push(`${el.tagName.toLowerCase()}[name=${el.getAttribute('name') ?? ''}]`);
    }
    return missing;
  });
}

/**
 * A grid worker's phone at 360×740: signed in, its service worker ready, then cut off and reloaded on the home
 * screen, as in the field. Page errors are collected for the test to assert on at the end.
 */
export async function offlinePhone(browser: Browser, baseURL: string, username = 'grid01') {
  const phone = await phoneContext(browser, baseURL);
  phone.setDefaultTimeout(20_000);
  const page = await phone.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await signIn(page, username);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await phone.setOffline(true);
  await page.reload();
  await page.getByText('您好').waitFor();
  return { phone, page, pageErrors };
}
