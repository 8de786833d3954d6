import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, phoneContext, screenshot, signIn } from './browser.ts';

/**
 * The app opened in a browser without what it cannot work without: the startup check must show its page
 * (naming the problem and what to do), never a blank screen and never the app itself.
 */
const baseUrl = inject('baseUrl');
const weChatOnIphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI Language/zh_CN';

let browser: Browser;
let context: BrowserContext | undefined;
beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});
afterAll(async () => {
  await browser?.close();
});

/** Removes each API (window.indexedDB, navigator.serviceWorker) before the page's scripts run, as a browser without it would. */
async function pageWithout(removals: Array<'indexedDB' | 'serviceWorker'>, userAgent?: string): Promise<Page> {
  context = userAgent ? await browser.newContext({ baseURL: baseUrl, viewport: { width: 360, height: 740 }, locale: 'zh-CN', userAgent }) : await phoneContext(browser, baseUrl);
  await context.addInitScript((names: string[]) => {
    for (const name of names) {
      const holder = name === 'serviceWorker' ? Navigator.prototype : window;
      delete (holder as unknown as Record<string, unknown>)[name];
      if (name in (name === 'serviceWorker' ? navigator : window)) throw new Error(`could not remove ${name}`);
    }
  }, removals);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  expect(errors).toEqual([]);
  return page;
}

async function shown(page: Page) {
  const notice = page.getByTestId('unsupported-browser');
  await notice.waitFor({ timeout: 15_000 });
  // Give the app's module every chance to (wrongly) start and paint over the notice.
  await page.waitForLoadState('networkidle');
  await expect(notice.isVisible()).resolves.toBe(true);
  return { problem: await notice.getAttribute('data-problem'), text: await notice.innerText() };
}

describe('a browser missing what the app needs', () => {
  it('without IndexedDB: explains that the browser will not store data (private mode) and what to do', async () => {
    const page = await pageWithout(['indexedDB']);
    const { problem, text } = await shown(page);
    expect(problem).toBe('storage');
    expect(text).toContain('浏览器不允许本应用保存数据');
    expect(text).toContain('无痕');
    expect(text).toContain('IndexedDB');
    expect(text).toContain('This browser does not let the app store data');
    // The app never started: no sign-in form behind or instead of the notice.
    await expect(page.getByLabel('用户名').count()).resolves.toBe(0);
    await screenshot(page, 'unsupported-no-indexeddb');
  });

  it('without a service worker: names offline support and sends the worker to another browser', async () => {
    const page = await pageWithout(['serviceWorker']);
    const { problem, text } = await shown(page);
    expect(problem).toBe('features');
    expect(text).toContain('Service Worker');
    expect(text).toContain('手机自带浏览器');
    await expect(page.getByLabel('用户名').count()).resolves.toBe(0);
    await screenshot(page, 'unsupported-no-service-worker');
  });

  it('in WeChat on an iPhone (no service worker): tells the worker to open the link in Safari', async () => {
    const page = await pageWithout(['serviceWorker'], weChatOnIphone);
    const { problem, text } = await shown(page);
    expect(problem).toBe('wechat-ios');
    expect(text).toContain('请在 Safari 浏览器中打开');
    expect(text).toContain('在 Safari 中打开');
    expect(text).toContain(`${baseUrl}/`);
    await screenshot(page, 'unsupported-wechat-iphone');
  });

  it('with everything there: the app starts, loads no polyfills, and the check stays out of the way', async () => {
    const page = await pageWithout([]);
    const scripts: string[] = [];
    page.on('request', (r) => scripts.push(new URL(r.url()).pathname));
    await page.reload();
    await page.getByLabel('用户名').waitFor();
    await expect(page.getByTestId('unsupported-browser').count()).resolves.toBe(0);
    expect(scripts.filter((p) => p.includes('polyfills'))).toEqual([]);
  });
});

describe('a browser at the floor (Chromium 87: no Array.prototype.at, Object.hasOwn or crypto.randomUUID)', () => {
  it('loads the polyfills before the app and works: sign in, home, a case form', async () => {
    context = await phoneContext(browser, baseUrl);
    await context.addInitScript(() => {
      const holders: Array<[object, string]> = [
        [Array.prototype, 'at'],
        [Object, 'hasOwn'],
        [Crypto.prototype, 'randomUUID'],
      ];
      for (const [holder, name] of holders) {
        delete (holder as Record<string, unknown>)[name];
        if (name in holder) throw new Error(`could not remove ${name}`);
      }
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const scripts: string[] = [];
    page.on('request', (r) => scripts.push(new URL(r.url()).pathname));
    await signIn(page, 'grid01');
    expect(scripts.some((p) => /\/assets\/polyfills-[\w-]+\.js$/.test(p))).toBe(true);
    await expect(page.evaluate(() => [typeof [1].at, typeof Object.hasOwn, typeof crypto.randomUUID])).resolves.toEqual(['function', 'function', 'function']);
    await page.getByRole('link', { name: /登记纠纷/ }).click();
    await page.getByLabel('简要案情').waitFor();
    expect(errors).toEqual([]);
  });
});
