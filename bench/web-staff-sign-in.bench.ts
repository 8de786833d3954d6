/**
 * Issue 22: a staff desktop's first sign-in over an area of 100,000 cases, against a grid worker's first sign-in
 * over a grid of about 100 cases, on the same server in the same run. Target: the staff time ≤ 3× the grid's.
 * Measured for each: time from opening the signed-in app until the home screen's lists are usable (its first
 * download done), and the origin's storage use after it (navigator.storage.estimate: IndexedDB and caches). For
 * the staff desktop also the time until the area's case list (from the server) shows its first page and count.
 * The server is seeded with SEED_SCALE_CASES over grids g01–g09, one case in a hundred handled by the sub-district;
 * grid g10 keeps the demo's own cases, topped up to 100 through the sync API.
 */
import type { Browser } from 'playwright-core';
import { buildWeb, launch, signedInContext, startServer } from './web-support.ts';

const AREA = Number(process.env.BENCH_AREA_CASES ?? 100_000);
const GRID = 100;
const ROUNDS = 3;

buildWeb();
console.log(`starting a server seeded with ${AREA} cases (takes a while)…`);
const server = await startServer({ SEED_SCALE_CASES: String(AREA), SEED_SCALE_GRIDS: 'g01,g02,g03,g04,g05,g06,g07,g08,g09' }, 900_000);
const browser = await launch();

async function api<T>(path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Tops grid g10 up to GRID cases. */
async function fillGrid() {
  const login = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'grid10', password: 'tiaojie-demo', deviceId: 'bench-fill-device' }),
  });
  const { token } = (await login.json()) as { token: string };
  const { total } = await api<{ total: number }>('/api/cases/search?limit=1', token);
  const missing = Math.max(0, GRID - total);
  const mutations = Array.from({ length: missing }, (_, i) => ({
    id: i + 1,
    name: 'case.create',
    clientTime: new Date().toISOString(),
    args: {
      case: {
        id: `bench-g10-${i}`,
        gridId: 'g10',
        type: 'neighbour',
        source: 'proactive',
        facts: `第${i}件：楼上漏水`,
        reportedOn: '2026-10-01',
        acceptedOn: '2026-10-02',
        parties: { p1: { id: 'p1', role: 'applicant', kind: 'person', personal: { name: '王秀英', phone: '13800138000' } } },
      },
    },
  }));
  if (missing) await api('/api/sync/push', token, { protocolVersion: 2, deviceId: 'bench-fill-device', mutations });
  return total + missing;
}

async function firstSignIn(b: Browser, username: string, desktop: boolean) {
  const context = await signedInContext(b, server.baseUrl, username, desktop ? { width: 1280, height: 800 } : { width: 360, height: 740 });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto('/');
  await page.locator('.stats').waitFor({ timeout: 600_000 });
  const homeMs = Date.now() - t0;
  const { usage, cases } = await page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('tiaojie-'));
    let n = 0;
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      if (db.objectStoreNames.contains('cases')) {
        n += await new Promise<number>((res) => {
          const r = db.transaction('cases').objectStore('cases').count();
          r.onsuccess = () => res(r.result);
        });
      }
      db.close();
    }
    return { usage: (await navigator.storage.estimate()).usage ?? 0, cases: n };
  });
  let listMs: number | null = null;
  if (desktop) {
    const t1 = Date.now();
    await page.goto('/cases');
    await page.waitForFunction(() => /共 [\d,]+ 件/.test(document.querySelector('[data-testid="desk-count"]')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.locator('.desk-row--link').first().waitFor();
    listMs = Date.now() - t1;
  }
  await context.close();
  return { homeMs, usage, cases, listMs };
}

try {
  const gridCases = await fillGrid();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const staff: Awaited<ReturnType<typeof firstSignIn>>[] = [];
  const grid: Awaited<ReturnType<typeof firstSignIn>>[] = [];
  // Alternating, each a new browser context (an empty profile: a first sign-in every time).
  for (let round = 0; round < ROUNDS; round++) {
    grid.push(await firstSignIn(browser, 'grid10', false));
    staff.push(await firstSignIn(browser, 'street', true));
  }
  const s = { homeMs: median(staff.map((r) => r.homeMs)), listMs: median(staff.map((r) => r.listMs!)), usage: staff[0]!.usage, cases: staff[0]!.cases };
  const g = { homeMs: median(grid.map((r) => r.homeMs)), usage: grid[0]!.usage, cases: grid[0]!.cases };
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`grid worker (grid of ${gridCases} cases): home usable ${g.homeMs} ms (median of ${ROUNDS}), ${g.cases} cases kept, storage ${kb(g.usage)}`);
  console.log(`staff desktop (area of ${AREA}+ cases): home usable ${s.homeMs} ms, area list ${s.listMs} ms, ${s.cases} cases kept, storage ${kb(s.usage)}`);
  const ratio = s.homeMs / g.homeMs;
  console.log(`ratio staff/grid first sign-in: ${ratio.toFixed(2)}× (target ≤ 3×) ${ratio <= 3 ? 'OK' : 'OVER'}`);
  console.log(`ratio staff/grid storage: ${(s.usage / g.usage).toFixed(2)}×`);
} finally {
  await browser.close();
  await server.stop();
}
