import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from './browser.ts';
import { freePort, waitForListening } from './global-setup.ts';

/**
 * Issue 22: a sub-district clerk signs in on a desktop over a store of 40,000 cases (the demo district plus
 * SEED_SCALE_CASES, one in a hundred handled by the sub-district itself). Its own server (the shared one keeps the
 * small demo the other tests expect); the app was built by the global setup. Screenshots: ss-*.png.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const CASES = 40_000;
let server: ChildProcess;
let dataDir: string;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'tiaojie-e2e-scale-'));
  server = spawn('npx', ['tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1', NODE_ENV: 'development', SEED_SCALE_CASES: String(CASES) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  await waitForListening(server, 200_000);
  baseUrl = `http://localhost:${port}`;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dataDir, { recursive: true, force: true });
});

const countOf = (text: string) => Number(text.replace(/[^0-9]/g, ''));

describe('staff desktop at city scale', () => {
  it('signs in fast, lists the whole area from the server, and opens a case it does not keep', async () => {
    const desk = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    desk.setDefaultTimeout(30_000);
    const page = await desk.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // First sign-in: the home screen's lists (its own unit's cases, downloaded) are usable.
    const t0 = Date.now();
    await signIn(page, 'street');
    await page.locator('.stats').waitFor();
    const homeMs = Date.now() - t0;
    await screenshot(page, 'ss-home-1280');
    const local = await page.evaluate(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('tiaojie-'));
      let cases = 0;
      for (const name of names) {
        const db = await new Promise<IDBDatabase>((res, rej) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        if (db.objectStoreNames.contains('cases')) {
          cases += await new Promise<number>((res) => {
            const r = db.transaction('cases').objectStore('cases').count();
            r.onsuccess = () => res(r.result);
          });
        }
        db.close();
      }
      return cases;
    });
    // Only what the sub-district handles: about one in a hundred, not the area's 40,000.
    expect(local).toBeGreaterThanOrEqual(CASES / 100);
    expect(local).toBeLessThan(CASES / 50);

    // The area's list comes from the server: the first page and the exact count.
    const t1 = Date.now();
    await page.getByRole('link', { name: '案件' }).first().click();
    const count = page.getByTestId('desk-count');
    await page.waitForFunction(() => /共 [\d,]+ 件/.test(document.querySelector('[data-testid="desk-count"]')?.textContent ?? ''));
    await page.locator('.desk-row--link').first().waitFor();
    const listMs = Date.now() - t1;
    const openTotal = countOf((await count.textContent()) ?? '');
    expect(openTotal).toBeGreaterThan(1000);
    await screenshot(page, 'ss-list-1280');
    await page.getByLabel('状态').selectOption({ label: '全部' });
    await page.waitForFunction((n) => {
      const m = /共 ([\d,]+) 件/.exec(document.querySelector('[data-testid="desk-count"]')?.textContent ?? '');
      return m !== null && Number(m[1]!.replace(/,/g, '')) !== n;
    }, openTotal);
    expect(countOf((await count.textContent()) ?? '')).toBeGreaterThanOrEqual(CASES);
    // Far down the list: the rows there are read when scrolled to.
    await page.getByTestId('desk-rows').evaluate((el) => el.scrollTo(0, 44 * 20_000));
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.desk-row--link')).some((r) => Number(r.getAttribute('aria-rowindex')) > 19_000));
    await page.waitForFunction(() => document.querySelectorAll('.desk-placeholder').length === 0);
    await page.getByTestId('desk-rows').scrollIntoViewIfNeeded();
    await screenshot(page, 'ss-list-scrolled-1280');

    // A case number of a grid's case (not kept on this computer) is found and opens read-only from the server.
    const target = '（2026）s1调字第000124号';
    await page.getByLabel('案号或当事人姓名').fill('s1调字第000124');
    await page.waitForFunction(() => /共 1 件/.test(document.querySelector('[data-testid="desk-count"]')?.textContent ?? ''));
    await screenshot(page, 'ss-search-1280');
    await page.locator('.desk-row--link').first().click();
    await page.getByTestId('server-case').waitFor();
    expect(await page.getByTestId('case-number').textContent()).toContain(target);
    expect(await page.getByTestId('server-case').textContent()).toContain('只读');
    await screenshot(page, 'ss-server-case-1280');

    // Offline, the list says it needs the network instead of showing nothing.
    await desk.setOffline(true);
    await page.getByRole('link', { name: '案件' }).first().click();
    await page.getByTestId('desk-offline').waitFor();
    await screenshot(page, 'ss-offline-1280');
    await desk.setOffline(false);

    console.log(`staff desktop over ${CASES} cases: home usable ${homeMs} ms after sign-in (${local} cases kept locally), area list ${listMs} ms`);
    expect(pageErrors).toEqual([]);
    await desk.close();
  });
});
