/**
 * Lighthouse 12 (mobile preset: Moto G-class CPU 4× slowdown, slow 4G) on the two screens a worker starts on:
 * the sign-in screen of a first visit (no session), and the grid worker's phone, cold: service worker and
 * caches cleared, the session and local data kept so the app (not login) renders — since the PIN lock (issue 14
 * §9) that first screen is the PIN pad, home comes after the PIN. Budget (issue 15 point 10):
 * performance ≥ 95 on both. Lighthouse 12 dropped the PWA audits, so installability is checked here directly:
 * manifest fields and icons, a service worker controlling the page, and a reload with the network off still
 * rendering home. Each screen is audited LIGHTHOUSE_RUNS times (default 5); the budget is judged on the medians,
 * and each is printed as a ratio to the budget.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium, type Page } from 'playwright-core';
import { buildWeb, chromiumArgs, chromiumPath, startServer } from './web-support.ts';

const BUDGET = 95;
const HOME_RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
buildWeb();
const server = await startServer();
const debugPort = 9300 + Math.floor(Math.random() * 500);
const profile = mkdtempSync(join(tmpdir(), 'tiaojie-lh-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: [...chromiumArgs, `--remote-debugging-port=${debugPort}`],
  viewport: { width: 360, height: 740 },
});

/**
 * 'simulate' (Lighthouse's default) replays a fast local load through a network model and counts every byte
 * fetched before the observed first paint against FCP — on localhost the page paints only after the bundle has
 * run, so it charges the HTML skeleton for the bundle. 'devtools' applies the same slow-4G/4×-CPU throttling
 * for real. Both are printed; the budget is judged on 'simulate', the stricter.
 */
async function audit(label: string, throttlingMethod: 'simulate' | 'devtools' = 'simulate') {
  const result = await lighthouse(`${server.baseUrl}/`, { port: debugPort, output: 'json', logLevel: 'error', disableStorageReset: true, formFactor: 'mobile', onlyCategories: ['performance'], throttlingMethod });
  const lhr = result?.lhr;
  if (!lhr) throw new Error('lighthouse returned nothing');
  const score = Math.round((lhr.categories.performance?.score ?? 0) * 100);
  const metric = (id: string) => lhr.audits[id]?.displayValue ?? '?';
  console.log(`${label}: performance ${score}  (FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')})`);
  if (lhr.runtimeError) console.log(`  lighthouse error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  // What moved, so a layout shift can be fixed rather than guessed at.
  const shifts = (lhr.audits['layout-shifts']?.details as { items?: { score?: number; node?: { snippet?: string } }[] } | undefined)?.items ?? [];
  for (const s of shifts.slice(0, 3)) console.log(`  layout shift ${s.score?.toFixed(3)}: ${s.node?.snippet?.slice(0, 100) ?? '?'}`);
  // The longest main-thread tasks and the script they are charged to, so blocking time can be found, not guessed.
  if (process.env.LIGHTHOUSE_TASKS) {
    const tasks = (lhr.audits['long-tasks']?.details as { items?: { url?: string; duration?: number; startTime?: number }[] } | undefined)?.items ?? [];
    for (const t of tasks.slice(0, 8)) console.log(`  long task ${Math.round(t.duration ?? 0)} ms at ${Math.round(t.startTime ?? 0)} ms: ${String(t.url ?? '?').split('/').pop()}`);
  }
  return score;
}

const PIN = '482615';
async function enterPin(page: Page): Promise<void> {
  for (const d of PIN) await page.getByRole('button', { name: `数字${d}` }).click();
  await page.getByRole('button', { name: '✓' }).click();
}

async function clearShellCaches() {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: server.baseUrl, storageTypes: 'service_workers,cache_storage' });
  await page.close();
}

try {
  // On this busy 2-core machine one audit varies by up to ~10 points: several, judged on the median.
  const medianOf = (label: string, scores: number[]) => {
    const sorted = [...scores].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    console.log(`${label} performance over ${scores.length} audits: median ${median}, range ${sorted[0]}–${sorted.at(-1)}`);
    return median;
  };
  // The sign-in screen a first visit shows.
  const loginScores: number[] = [];
  for (let i = 1; i <= HOME_RUNS; i++) {
    await clearShellCaches();
    loginScores.push(await audit(`login screen (no session) #${i}  `));
  }
  const loginScore = medianOf('login', loginScores);

  // Sign in through the UI once, then audit home cold.
  const page = await context.newPage();
  await page.goto(server.baseUrl);
  await page.getByLabel('用户名').fill('grid01');
  await page.getByLabel('密码').fill('tiaojie-demo');
  await page.getByRole('button', { name: '登录' }).click();
  // A grid worker's phone sets its PIN after sign-in (issue 14 §9), and opens on the PIN pad from then on.
  await page.getByRole('heading', { name: '设置PIN码' }).waitFor();
  await enterPin(page);
  await page.getByRole('heading', { name: '请再输入一次' }).waitFor();
  await enterPin(page);
  await page.getByText('您好').waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  // Installability, checked by hand.
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel="manifest"]')?.getAttribute('href');
    return href ? ((await (await fetch(href)).json()) as Record<string, unknown>) : null;
  });
  const icons = (manifest?.icons as { sizes: string; purpose?: string }[] | undefined) ?? [];
  const checks = {
    'manifest linked': manifest !== null,
    'name/short_name': Boolean(manifest?.name && manifest?.short_name),
    'lang zh-CN': manifest?.lang === 'zh-CN',
    'display standalone': manifest?.display === 'standalone',
    'start_url': typeof manifest?.start_url === 'string',
    'icon 192': icons.some((i) => i.sizes === '192x192'),
    'icon 512': icons.some((i) => i.sizes === '512x512'),
    'maskable icon': icons.some((i) => i.purpose === 'maskable'),
    'service worker active': await page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active)),
  };
  await page.reload();
  checks['service worker controls page' as keyof typeof checks] = await page.evaluate(() => Boolean(navigator.serviceWorker.controller));
  await context.setOffline(true);
  await page.reload();
  checks['reload offline shows home' as keyof typeof checks] = await page
    .getByRole('heading', { name: '输入PIN码解锁' })
    .waitFor({ timeout: 15_000 })
    .then(() => enterPin(page))
    .then(() => page.getByText('您好').waitFor({ timeout: 15_000 }))
    .then(() => true, () => false);
  await context.setOffline(false);
  await page.close();
  for (const [name, ok] of Object.entries(checks)) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}`);

  const homeScores: number[] = [];
  for (let i = 1; i <= HOME_RUNS; i++) {
    await clearShellCaches();
    homeScores.push(await audit(`grid01 cold (PIN pad) #${i}      `));
  }
  const homeScore = medianOf('home', homeScores);
  await clearShellCaches();
  await audit('home, devtools throttling       ', 'devtools');
  console.log(`login performance (median) ${loginScore} vs budget ${BUDGET}: ${(loginScore / BUDGET).toFixed(2)}×`);
  console.log(`home performance (median) ${homeScore} vs budget ${BUDGET}: ${(homeScore / BUDGET).toFixed(2)}× ; home vs login: ${(homeScore / Math.max(1, loginScore)).toFixed(2)}×`);
  console.log(homeScore >= BUDGET && loginScore >= BUDGET && Object.values(checks).every(Boolean) ? 'WITHIN BUDGET' : 'OVER BUDGET / CHECK FAILED');
} finally {
  await context.close();
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
}
