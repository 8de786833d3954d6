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
  await passLock(page);
  await page.getByText('您好').waitFor();
}

/** The PIN the e2e grid workers set after signing in. */
export const E2E_PIN = '482615';

/** Types a PIN on the lock screen's digit pad and confirms it (Chinese or English labels). */
export async function enterPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByRole('button', { name: new RegExp(`^(数字|Digit )${d}$`) }).click();
  await page.getByRole('button', { name: '✓' }).click();
}

/**
 * A grid worker's phone asks for a PIN after signing in (set it, twice) and after every reload (enter it); staff go
 * straight to the app. Waits until the app (its navigation) is shown.
 */
export async function passLock(page: Page, pin = E2E_PIN): Promise<void> {
  await page.locator('[data-lock-screen], nav.bottomnav').first().waitFor({ state: 'attached' });
  const mode = await page.locator('[data-lock-screen]').getAttribute('data-lock-screen', { timeout: 100 }).catch(() => null);
  if (!mode) return;
  await enterPin(page, pin);
  if (mode === 'set') await enterPin(page, pin);
  await page.locator('nav.bottomnav').waitFor({ state: 'attached' });
}

/** Reloads the page and enters the PIN when the phone asks for it. */
export async function reloadAndUnlock(page: Page): Promise<void> {
  await page.reload();
  await passLock(page);
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

/** A phone's first page, not signed in yet; its page errors are collected for the test to assert on at the end. */
export async function openPhone(browser: Browser, baseURL: string) {
  const phone = await phoneContext(browser, baseURL);
  phone.setDefaultTimeout(20_000);
  const page = await phone.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { phone, page, pageErrors };
}

/**
 * A grid worker's phone at 360×740: signed in, its service worker ready, then cut off and reloaded on the home
 * screen, as in the field. Page errors are collected for the test to assert on at the end.
 */
export async function offlinePhone(browser: Browser, baseURL: string, username = 'grid01') {
  const { phone, page, pageErrors } = await openPhone(browser, baseURL);
  await signIn(page, username);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await phone.setOffline(true);
  await reloadAndUnlock(page);
  await page.getByText('您好').waitFor();
  return { phone, page, pageErrors };
}
